/// A response to encode: status, header fields and a body held in one buffer.
public struct HTTPResponse: Sendable, Equatable {
    /// The status.
    public var status: HTTPStatus
    /// Header fields; the encoder adds Date, Server, Content-Length and Connection itself.
    public var headers: HTTPHeaders
    /// The body bytes (empty for none).
    public var body: [UInt8]

    /// A response with the given parts.
    public init(status: HTTPStatus, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON response (`application/json; charset=utf-8`).
    /// - Parameters:
    ///   - status: the status (default 200).
    ///   - body: the encoded JSON bytes.
    public static func json(status: HTTPStatus = .ok, body: [UInt8]) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "application/json; charset=utf-8"], body: body)
    }

    /// A JSON response from already encoded JSON text.
    public static func json(status: HTTPStatus = .ok, body: String) -> HTTPResponse {
        json(status: status, body: Array(body.utf8))
    }

    /// A plain text response (`text/plain; charset=utf-8`).
    /// - Parameters:
    ///   - status: the status (default 200).
    ///   - body: the text.
    public static func text(status: HTTPStatus = .ok, _ body: String) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "text/plain; charset=utf-8"], body: Array(body.utf8))
    }

    /// The plain text response for a status alone, e.g. `404 Not Found` (body: the reason phrase).
    public static func status(_ status: HTTPStatus) -> HTTPResponse {
        status.forbidsBody ? HTTPResponse(status: status) : text(status: status, status.reasonPhrase + "\n")
    }

    /// A 405 with the `Allow` field listing the allowed methods (RFC 9110 §15.5.6).
    public static func methodNotAllowed(allowed: [HTTPMethod]) -> HTTPResponse {
        var response = Self.status(.methodNotAllowed)
        response.headers.add("Allow", allowed.map(\.rawValue).joined(separator: ", "))
        return response
    }
}
