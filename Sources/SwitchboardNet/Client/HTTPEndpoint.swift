/// Where a client connects: scheme, host, port and the base path every request's path is appended to.
public struct HTTPEndpoint: Sendable, Equatable {
    /// Whether the connection uses TLS (`https`).
    public let isSecure: Bool
    /// Host name or IP address (IPv6 without brackets).
    public let host: String
    /// TCP port.
    public let port: Int
    /// The URL's path without a trailing `/` ("" for none).
    public let basePath: String

    /// Parses `http(s)://host[:port][/path]`.
    /// - Throws: `.invalidURL` for another scheme, a missing host, a bad port, a query or a fragment.
    public init(_ url: String) throws(HTTPClientError) {
        let rest: Substring
        if url.hasPrefix("https://") { isSecure = true; rest = url.dropFirst(8) }
        else if url.hasPrefix("http://") { isSecure = false; rest = url.dropFirst(7) }
        else { throw .invalidURL(url) }
        guard !rest.contains("?"), !rest.contains("#"), !rest.contains("@") else { throw .invalidURL(url) }
        let authority = rest.prefix { $0 != "/" }
        var path = String(rest.dropFirst(authority.count))
        while path.hasSuffix("/") { path.removeLast() }
        basePath = path
        var hostPart = Substring(authority), portPart: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw .invalidURL(url) }
            hostPart = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw .invalidURL(url) }
                portPart = after.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            hostPart = authority[..<colon]
            portPart = authority[authority.index(after: colon)...]
        }
        guard !hostPart.isEmpty else { throw .invalidURL(url) }
        host = String(hostPart)
        if let portPart {
            guard let value = Int(portPart), (1...65_535).contains(value) else { throw .invalidURL(url) }
            port = value
        } else {
            port = isSecure ? 443 : 80
        }
    }

    /// The `Host` header's value (the port only when it is not the scheme's default).
    public var hostHeader: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return port == (isSecure ? 443 : 80) ? name : "\(name):\(port)"
    }
}
