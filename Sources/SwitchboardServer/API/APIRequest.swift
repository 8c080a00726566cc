import SwitchboardDomain
import SwitchboardNet
import SwitchboardStore

/// An API request after routing and authentication.
public struct APIRequest: Sendable {
    /// The HTTP request (head and body).
    public let http: HTTPRequest
    /// Path parameters (`:id` → `parameters["id"]`).
    public let parameters: [String: String]
    /// The logged-in user; nil only on public routes (login).
    public let user: UserRecord?
    /// The session cookie's value, when one came.
    public let sessionToken: String?

    /// The logged-in user (routes that require login get one; the router guarantees it).
    public var requiredUser: UserRecord {
        guard let user else { preconditionFailure("route declared public but reads the user") }
        return user
    }

    /// The domain's view of the user.
    public var caller: Caller { AccessDirectory.caller(for: requiredUser) }

    /// Decodes the JSON body.
    public func decode<T: Decodable>(_ type: T.Type) throws(APIError) -> T { try APIJSON.decode(type, from: http.body) }

    /// A path parameter that must be a positive integer id.
    public func id(_ name: String = "id") throws(APIError) -> Int64 {
        guard let raw = parameters[name], let value = Int64(raw), value > 0 else { throw .badRequest("\(name) must be a positive integer.") }
        return value
    }

    /// The query string's parameters, percent-decoded (`+` as space); the last of repeated names wins.
    public var query: [String: String] { QueryString.parse(http.head.query) }
}
