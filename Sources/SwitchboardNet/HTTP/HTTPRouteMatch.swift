/// The outcome of looking up a request in an `HTTPRouter`.
public enum HTTPRouteMatch<Handler: Sendable>: Sendable {
    /// A route matched; `parameters` holds the `:name` segments (and `*` for a tail wildcard).
    case found(Handler, parameters: [String: String])
    /// The path matched routes, but none for this method; answer 405 with `Allow` (RFC 9110 §15.5.6).
    case methodNotAllowed(allowed: [HTTPMethod])
    /// No route matches the path.
    case notFound
}

/// Matches compare equal when their handlers do (tests).
extension HTTPRouteMatch: Equatable where Handler: Equatable {}
