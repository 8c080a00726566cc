/// Why a request could not be parsed; each case maps to the status to answer with (RFC 9112, RFC 9110 §15).
public enum HTTPParseError: Error, Sendable, Hashable {
    /// The request line is longer than `HTTPLimits.maxRequestLineBytes` (414).
    case requestLineTooLong
    /// The head is larger than `maxHeadBytes`, or has more than `maxHeaderCount` fields (431); also trailers.
    case headerFieldsTooLarge
    /// The declared or chunked body is larger than `maxBodyBytes` (413).
    case bodyTooLarge
    /// The request line is not `method SP request-target SP HTTP-version` (RFC 9112 §3) (400).
    case malformedRequestLine
    /// The method is a valid token but not one Switchboard implements (RFC 9110 §9.1) (501).
    case unsupportedMethod
    /// The version is well formed but not HTTP/1.0 or HTTP/1.1 (505).
    case unsupportedVersion
    /// The request-target is not origin-form, `*` for OPTIONS, or is badly percent-encoded (RFC 9112 §3.2) (400).
    case invalidRequestTarget
    /// A field name has a non-token character, or the field line has no colon (RFC 9112 §5) (400).
    case invalidHeaderName
    /// Whitespace between a field name and its colon (RFC 9112 §5.1) (400).
    case whitespaceBeforeColon
    /// A field value has a control character (RFC 9110 §5.5) (400).
    case invalidHeaderValue
    /// A field line starts with whitespace: obsolete line folding (RFC 9112 §5.2) (400).
    case obsoleteLineFolding
    /// A CR not followed by LF, or an LF without CR (RFC 9112 §2.2) (400).
    case bareLineBreak
    /// HTTP/1.1 without Host, or several Host fields (RFC 9112 §3.2) (400).
    case invalidHost
    /// A Content-Length that is not digits, or several that differ (RFC 9112 §6.3) (400).
    case invalidContentLength
    /// Both Content-Length and Transfer-Encoding: possible request smuggling (RFC 9112 §6.1) (400, close).
    case conflictingFraming
    /// Transfer-Encoding in an HTTP/1.0 request (RFC 9112 §6.1) (400).
    case transferEncodingInHTTP10
    /// A Transfer-Encoding list that is empty or applies chunked twice (RFC 9112 §6.1) (400).
    case invalidTransferEncoding
    /// A transfer coding other than chunked (RFC 9112 §6.1) (501).
    case unsupportedTransferCoding
    /// POST, PUT or PATCH with neither Content-Length nor Transfer-Encoding (411).
    case lengthRequired
    /// A malformed chunk-size line or missing CRLF after chunk data (RFC 9112 §7.1) (400).
    case invalidChunk
    /// `Upgrade: websocket` on a method other than GET (RFC 6455 §4.1) (405, `Allow: GET`).
    case webSocketUpgradeNotGet
    /// `Upgrade: websocket` with a body (`Content-Length` > 0 or any `Transfer-Encoding`): its bytes would be read
    /// as frames (RFC 6455 §4.1: the opening handshake is a GET without a body) (400).
    case webSocketUpgradeWithBody

    /// The status to answer with before closing.
    public var status: HTTPStatus {
        switch self {
        case .requestLineTooLong: .uriTooLong
        case .headerFieldsTooLarge: .requestHeaderFieldsTooLarge
        case .bodyTooLarge: .contentTooLarge
        case .unsupportedMethod, .unsupportedTransferCoding: .notImplemented
        case .unsupportedVersion: .httpVersionNotSupported
        case .lengthRequired: .lengthRequired
        case .webSocketUpgradeNotGet: .methodNotAllowed
        case .malformedRequestLine, .invalidRequestTarget, .invalidHeaderName, .whitespaceBeforeColon, .invalidHeaderValue,
            .obsoleteLineFolding, .bareLineBreak, .invalidHost, .invalidContentLength, .conflictingFraming,
            .transferEncodingInHTTP10, .invalidTransferEncoding, .invalidChunk, .webSocketUpgradeWithBody:
            .badRequest
        }
    }

    /// The `Allow` value a 405 carries (RFC 9110 §15.5.6), if this error is one.
    public var allowedMethods: String? { self == .webSocketUpgradeNotGet ? "GET" : nil }

    /// Whether the connection must close after the error response: always, since the framing of what
    /// follows on the connection is unknown (RFC 9112 §6.3, §9.6).
    public var closesConnection: Bool { true }
}
