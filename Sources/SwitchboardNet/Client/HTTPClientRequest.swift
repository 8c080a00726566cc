/// One request for `HTTPClient`: its target below the client's base URL, headers and body.
public struct HTTPClientRequest: Sendable, Equatable {
    /// `POST`, `GET`, ...
    public var method: String
    /// Path (and query) appended to the base URL's path, starting with `/`.
    public var path: String
    /// Headers besides `Host`, `Content-Length` and `Connection`, which the client writes.
    public var headers: [HTTPField]
    /// The body (empty: none).
    public var body: [UInt8]

    /// A request.
    public init(method: String, path: String, headers: [HTTPField] = [], body: [UInt8] = []) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
    }
}

/// A header line.
public struct HTTPField: Sendable, Equatable {
    /// The name, as written.
    public var name: String
    /// The value.
    public var value: String

    /// A header line.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// A whole response.
public struct HTTPClientResponse: Sendable, Equatable {
    /// The status code.
    public var status: Int
    /// The headers in order.
    public var headers: [HTTPField]
    /// The body (de-chunked).
    public var body: [UInt8]

    /// A response.
    public init(status: Int, headers: [HTTPField], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of a header (case-insensitive name).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}
