/// Why an HTTP exchange with a remote server failed (no answer at all; an answer with any status is a response).
public enum HTTPClientError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The base URL is not `http(s)://host[:port][/path]`.
    case invalidURL(String)
    /// The host name did not resolve, or every address refused the connection.
    case connectFailed(String)
    /// No connection within the connect timeout.
    case connectTimedOut
    /// No whole response within the response timeout.
    case responseTimedOut
    /// The TLS handshake or a record failed (an untrusted certificate, a name mismatch, ...).
    case tls(String)
    /// The server's bytes are not an HTTP/1.1 response.
    case malformedResponse(String)
    /// The server closed the connection before a whole response.
    case connectionClosed
    /// The response body is over the limit (bytes).
    case responseTooLarge(Int)

    /// Whether the exchange ran out of time (a retry may succeed).
    public var isTimeout: Bool { self == .connectTimedOut || self == .responseTimedOut }

    /// Text for logs and delivery reasons.
    public var description: String {
        switch self {
        case .invalidURL(let url): return "invalid URL \(url)"
        case .connectFailed(let reason): return "connect failed: \(reason)"
        case .connectTimedOut: return "connect timed out"
        case .responseTimedOut: return "response timed out"
        case .tls(let reason): return "TLS: \(reason)"
        case .malformedResponse(let reason): return "malformed response: \(reason)"
        case .connectionClosed: return "connection closed before the response"
        case .responseTooLarge(let limit): return "response over \(limit) bytes"
        }
    }
}
