/// Why an upgrade request is refused, with the HTTP response to send (RFC 6455 §4.2.1, §4.4).
public struct WebSocketHandshakeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The HTTP status code (400, 405 or 426).
    public let status: Int
    /// A short explanation for logs and the response body.
    public let reason: String
    /// Headers the response must carry (`Sec-WebSocket-Version: 13` with 426, `Allow: GET` with 405).
    public let extraHeaders: [(String, String)]

    /// Creates a refusal.
    /// - Parameters:
    ///   - status: the HTTP status code.
    ///   - reason: a short explanation.
    ///   - extraHeaders: headers the response must carry.
    public init(status: Int, reason: String, extraHeaders: [(String, String)] = []) {
        self.status = status
        self.reason = reason
        self.extraHeaders = extraHeaders
    }

    /// Equal when status, reason and headers (in order) are.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.status == rhs.status && lhs.reason == rhs.reason
            && lhs.extraHeaders.map(\.0) == rhs.extraHeaders.map(\.0) && lhs.extraHeaders.map(\.1) == rhs.extraHeaders.map(\.1)
    }

    /// Status and reason, as logs show them.
    public var description: String { "\(status) \(reason)" }
}
