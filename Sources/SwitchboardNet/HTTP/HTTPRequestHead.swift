/// A parsed request line and header section, with the framing and connection facts derived from them.
public struct HTTPRequestHead: Sendable, Equatable {
    /// The request method.
    public var method: HTTPMethod
    /// The request-target exactly as received, e.g. `/api/x%20y?a=1`.
    public var target: String
    /// The target's path, percent-decoded, without the query (`*` for `OPTIONS *`).
    public var path: String
    /// The raw query after `?`, or "" when there is none.
    public var query: String
    /// The protocol version (1.0 or 1.1).
    public var version: HTTPVersion
    /// The header fields in arrival order.
    public var headers: HTTPHeaders
    /// Whether the connection stays open after this exchange (RFC 9112 §9.3).
    public var keepAlive: Bool
    /// The declared body length, when framed by Content-Length.
    public var contentLength: Int?
    /// Whether the body is framed by chunked transfer coding.
    public var isChunked: Bool
    /// Whether the client waits for `100 Continue` before sending the body (RFC 9110 §10.1.1).
    public var expectsContinue: Bool

    /// A head with every derived fact given explicitly (the parser's initialiser).
    init(
        method: HTTPMethod, target: String, path: String, query: String, version: HTTPVersion, headers: HTTPHeaders,
        keepAlive: Bool, contentLength: Int?, isChunked: Bool, expectsContinue: Bool
    ) {
        self.method = method
        self.target = target
        self.path = path
        self.query = query
        self.version = version
        self.headers = headers
        self.keepAlive = keepAlive
        self.contentLength = contentLength
        self.isChunked = isChunked
        self.expectsContinue = expectsContinue
    }

    /// A head built by hand (tests, internal dispatch): path, query and the framing facts are derived from
    /// `target` and `headers` the way the parser derives them; a badly encoded path is kept raw.
    public init(method: HTTPMethod, target: String, version: HTTPVersion = .http11, headers: HTTPHeaders = HTTPHeaders()) {
        let rawPath: Substring
        let query: Substring
        if let mark = target.firstIndex(of: "?") {
            rawPath = target[..<mark]
            query = target[target.index(after: mark)...]
        } else {
            rawPath = target[...]
            query = ""
        }
        var decoded: String?
        Array(rawPath.utf8).withUnsafeBytes { decoded = HTTPRequestHead.percentDecodedPath($0) }
        let connectionClose = headers.containsToken("Connection", "close")
        self.init(
            method: method, target: target, path: decoded ?? String(rawPath), query: String(query), version: version,
            headers: headers,
            keepAlive: version == .http11 ? !connectionClose : (!connectionClose && headers.containsToken("Connection", "keep-alive")),
            contentLength: headers.first("Content-Length").flatMap { Int($0) },
            isChunked: headers.containsToken("Transfer-Encoding", "chunked"),
            expectsContinue: version == .http11 && headers.first("Expect").map { HTTPHeaders.namesEqual($0, "100-continue") } == true
        )
    }

    /// The value of the cookie `name` from the Cookie field(s) (RFC 6265 §5.4), quotes removed.
    /// - Parameter name: the cookie name, compared exactly.
    /// - Returns: the first matching cookie's value, or nil.
    public func cookie(_ name: String) -> String? {
        for header in headers.values("Cookie") {
            for pair in header.split(separator: ";", omittingEmptySubsequences: true) {
                let trimmed = pair.drop { $0 == " " || $0 == "\t" }
                guard let equals = trimmed.firstIndex(of: "="), trimmed[..<equals] == name else { continue }
                var value = trimmed[trimmed.index(after: equals)...]
                while let last = value.last, last == " " || last == "\t" { value = value.dropLast() }
                if value.count >= 2, value.first == "\"", value.last == "\"" { value = value.dropFirst().dropLast() }
                return String(value)
            }
        }
        return nil
    }

    /// Decodes `%XX` escapes of an origin-form path (RFC 3986 §2.1).
    /// - Parameter bytes: the raw path bytes.
    /// - Returns: the decoded path, or nil when an escape is malformed or the result is not UTF-8.
    static func percentDecodedPath(_ bytes: UnsafeRawBufferPointer) -> String? {
        guard bytes.contains(0x25) else { return String(validating: bytes, as: UTF8.self) }
        var decoded = [UInt8]()
        decoded.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x25 {
                guard index + 2 < bytes.count, let high = HTTPBytes.hexValue(bytes[index + 1]),
                    let low = HTTPBytes.hexValue(bytes[index + 2])
                else { return nil }
                decoded.append(UInt8(high << 4 | low))
                index += 3
            } else {
                decoded.append(byte)
                index += 1
            }
        }
        return String(validating: decoded, as: UTF8.self)
    }
}
