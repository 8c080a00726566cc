/// Maps (method, path) to a handler: literal segments, `:name` parameters and a `*` tail wildcard.
///
/// Literal segments win over parameters, parameters over the wildcard, backtracking when a branch fails.
/// HEAD falls back to GET (RFC 9110 §9.3.2). Paths are the percent-decoded `HTTPRequestHead.path`; empty
/// segments are ignored, so `/a/` matches `/a`.
public struct HTTPRouter<Handler: Sendable>: Sendable {
    /// A trie node; children are indices into `nodes`.
    private struct Node: Sendable {
        var literals: [String: Int] = [:]
        var parameter: (name: String, node: Int)?
        var wildcard: Int?
        var handlers: [HTTPMethod: Handler] = [:]
    }

    private var nodes = [Node()]

    /// An empty router.
    public init() {}

    /// Registers a handler.
    /// - Parameters:
    ///   - method: the method it serves.
    ///   - pattern: e.g. `/api/campaigns/:id` or `/files/*` (`*` only as the last segment).
    ///   - handler: the value returned by `match` for this route.
    public mutating func add(_ method: HTTPMethod, _ pattern: String, _ handler: Handler) {
        var current = 0
        let segments = pattern.split(separator: "/", omittingEmptySubsequences: true)
        for (position, segment) in segments.enumerated() {
            if segment == "*" {
                precondition(position == segments.count - 1, "the wildcard must be the last segment of \(pattern)")
                if let existing = nodes[current].wildcard {
                    current = existing
                } else {
                    let created = appendNode()
                    nodes[current].wildcard = created
                    current = created
                }
            } else if segment.first == ":" {
                let name = String(segment.dropFirst())
                precondition(!name.isEmpty, "a parameter needs a name in \(pattern)")
                if let existing = nodes[current].parameter {
                    precondition(existing.name == name, "conflicting parameter names :\(existing.name) and :\(name) in \(pattern)")
                    current = existing.node
                } else {
                    let created = appendNode()
                    nodes[current].parameter = (name, created)
                    current = created
                }
            } else {
                let literal = String(segment)
                if let existing = nodes[current].literals[literal] {
                    current = existing
                } else {
                    let created = appendNode()
                    nodes[current].literals[literal] = created
                    current = created
                }
            }
        }
        precondition(nodes[current].handlers[method] == nil, "duplicate route \(method) \(pattern)")
        nodes[current].handlers[method] = handler
    }

    private mutating func appendNode() -> Int {
        nodes.append(Node())
        return nodes.count - 1
    }

    /// Looks up a request.
    /// - Parameters:
    ///   - method: the request method.
    ///   - path: the decoded path (no query).
    /// - Returns: the handler and parameters, 405 with the allowed methods, or not found.
    public func match(method: HTTPMethod, path: String) -> HTTPRouteMatch<Handler> {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        var parameters: [String: String] = [:]
        var allowed: Set<HTTPMethod> = []
        if let handler = search(node: 0, segments: segments[...], method: method, parameters: &parameters, allowed: &allowed) {
            return .found(handler, parameters: parameters)
        }
        if allowed.isEmpty { return .notFound }
        if allowed.contains(.get) { allowed.insert(.head) }
        return .methodNotAllowed(allowed: HTTPMethod.allCases.filter(allowed.contains))
    }

    /// Depth-first search; collects the methods of every node the path reaches, for 405.
    private func search(
        node index: Int, segments: ArraySlice<Substring>, method: HTTPMethod,
        parameters: inout [String: String], allowed: inout Set<HTTPMethod>
    ) -> Handler? {
        let node = nodes[index]
        guard let segment = segments.first else {
            if let handler = handler(in: node, for: method) { return handler }
            allowed.formUnion(node.handlers.keys)
            // A wildcard also matches an empty tail.
            if let wildcard = node.wildcard {
                if let handler = handler(in: nodes[wildcard], for: method) {
                    parameters["*"] = ""
                    return handler
                }
                allowed.formUnion(nodes[wildcard].handlers.keys)
            }
            return nil
        }
        let rest = segments.dropFirst()
        if let child = node.literals[String(segment)],
            let handler = search(node: child, segments: rest, method: method, parameters: &parameters, allowed: &allowed)
        {
            return handler
        }
        if let (name, child) = node.parameter {
            let saved = parameters[name]
            parameters[name] = String(segment)
            if let handler = search(node: child, segments: rest, method: method, parameters: &parameters, allowed: &allowed) {
                return handler
            }
            parameters[name] = saved
        }
        if let wildcard = node.wildcard {
            if let handler = handler(in: nodes[wildcard], for: method) {
                parameters["*"] = segments.joined(separator: "/")
                return handler
            }
            allowed.formUnion(nodes[wildcard].handlers.keys)
        }
        return nil
    }

    private func handler(in node: Node, for method: HTTPMethod) -> Handler? {
        if let handler = node.handlers[method] { return handler }
        return method == .head ? node.handlers[.get] : nil
    }
}
