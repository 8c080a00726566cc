/// Maps (method, path) to a handler: literal segments, `:name` parameters and a `*` tail wildcard.
///
/// Literal segments win over parameters, parameters over the wildcard, backtracking when a branch fails.
/// HEAD falls back to GET (RFC 9110 §9.3.2). Paths are the percent-decoded `HTTPRequestHead.path`; empty
/// segments are ignored, so `/a/` matches `/a`. Parameter names belong to each route, so `/c/:id` and
/// `/c/:campaign/agents` may coexist.
public struct HTTPRouter<Handler: Sendable>: Sendable {
    /// A registered handler and the names of its route's parameters, in path order.
    private struct Route: Sendable {
        var handler: Handler
        var parameterNames: [String]
    }

    /// A trie node; children are indices into `nodes`.
    private struct Node: Sendable {
        var literals: [String: Int] = [:]
        var parameter: Int?
        var wildcard: Int?
        var routes: [HTTPMethod: Route] = [:]
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
        var names: [String] = []
        let segments = pattern.split(separator: "/", omittingEmptySubsequences: true)
        for (position, segment) in segments.enumerated() {
            if segment == "*" {
                precondition(position == segments.count - 1, "the wildcard must be the last segment of \(pattern)")
                current = child(of: current, \.wildcard)
            } else if segment.first == ":" {
                precondition(segment.count > 1, "a parameter needs a name in \(pattern)")
                names.append(String(segment.dropFirst()))
                current = child(of: current, \.parameter)
            } else {
                let literal = String(segment)
                if let existing = nodes[current].literals[literal] {
                    current = existing
                } else {
                    nodes.append(Node())
                    nodes[current].literals[literal] = nodes.count - 1
                    current = nodes.count - 1
                }
            }
        }
        precondition(nodes[current].routes[method] == nil, "duplicate route \(method) \(pattern)")
        nodes[current].routes[method] = Route(handler: handler, parameterNames: names)
    }

    /// The parameter or wildcard child of a node, created when missing.
    private mutating func child(of index: Int, _ link: WritableKeyPath<Node, Int?>) -> Int {
        if let existing = nodes[index][keyPath: link] { return existing }
        nodes.append(Node())
        nodes[index][keyPath: link] = nodes.count - 1
        return nodes.count - 1
    }

    /// Looks up a request.
    /// - Parameters:
    ///   - method: the request method.
    ///   - path: the decoded path (no query).
    /// - Returns: the handler and parameters, 405 with the allowed methods, or not found.
    public func match(method: HTTPMethod, path: String) -> HTTPRouteMatch<Handler> {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        var values: [Substring] = []
        var allowed: Set<HTTPMethod> = []
        if let (route, tail) = search(node: 0, segments: segments[...], method: method, values: &values, allowed: &allowed) {
            var parameters: [String: String] = [:]
            for (name, value) in zip(route.parameterNames, values) { parameters[name] = String(value) }
            if let tail { parameters["*"] = tail }
            return .found(route.handler, parameters: parameters)
        }
        if allowed.isEmpty { return .notFound }
        if allowed.contains(.get) { allowed.insert(.head) }
        return .methodNotAllowed(allowed: HTTPMethod.allCases.filter(allowed.contains))
    }

    /// Depth-first search; returns the route and the wildcard tail (nil when the route has none), and collects
    /// the methods of every node the path reaches, for 405.
    private func search(
        node index: Int, segments: ArraySlice<Substring>, method: HTTPMethod,
        values: inout [Substring], allowed: inout Set<HTTPMethod>
    ) -> (Route, String?)? {
        let node = nodes[index]
        if segments.isEmpty {
            if let route = route(in: node, for: method) { return (route, nil) }
            allowed.formUnion(node.routes.keys)
        } else {
            let segment = segments[segments.startIndex]
            let rest = segments.dropFirst()
            if let child = node.literals[String(segment)],
                let found = search(node: child, segments: rest, method: method, values: &values, allowed: &allowed)
            {
                return found
            }
            if let child = node.parameter {
                values.append(segment)
                if let found = search(node: child, segments: rest, method: method, values: &values, allowed: &allowed) {
                    return found
                }
                values.removeLast()
            }
        }
        // A wildcard matches the rest of the path, including nothing.
        guard let wildcard = node.wildcard else { return nil }
        if let route = route(in: nodes[wildcard], for: method) { return (route, segments.joined(separator: "/")) }
        allowed.formUnion(nodes[wildcard].routes.keys)
        return nil
    }

    private func route(in node: Node, for method: HTTPMethod) -> Route? {
        if let route = node.routes[method] { return route }
        return method == .head ? node.routes[.get] : nil
    }
}
