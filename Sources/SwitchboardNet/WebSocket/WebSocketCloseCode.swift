/// A close frame's status code (RFC 6455 §7.4, registry §11.7).
public struct WebSocketCloseCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The numeric code as sent on the wire.
    public let rawValue: UInt16

    /// Wraps a numeric code.
    /// - Parameter rawValue: the code.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// 1000: the purpose of the connection was fulfilled.
    public static let normalClosure = WebSocketCloseCode(rawValue: 1000)
    /// 1001: the endpoint is going away (server shutdown, page navigation).
    public static let goingAway = WebSocketCloseCode(rawValue: 1001)
    /// 1002: the peer broke the protocol.
    public static let protocolError = WebSocketCloseCode(rawValue: 1002)
    /// 1003: a data type the endpoint cannot accept.
    public static let unsupportedData = WebSocketCloseCode(rawValue: 1003)
    /// 1005: no status code was present (never sent on the wire).
    public static let noStatusReceived = WebSocketCloseCode(rawValue: 1005)
    /// 1006: the connection closed without a close frame (never sent on the wire).
    public static let abnormalClosure = WebSocketCloseCode(rawValue: 1006)
    /// 1007: message data inconsistent with its type (invalid UTF-8 in a text message).
    public static let invalidPayloadData = WebSocketCloseCode(rawValue: 1007)
    /// 1008: a message violates the endpoint's policy.
    public static let policyViolation = WebSocketCloseCode(rawValue: 1008)
    /// 1009: a message too big to process.
    public static let messageTooBig = WebSocketCloseCode(rawValue: 1009)
    /// 1010: the client expected an extension the server did not negotiate.
    public static let mandatoryExtension = WebSocketCloseCode(rawValue: 1010)
    /// 1011: the server hit an unexpected condition.
    public static let internalError = WebSocketCloseCode(rawValue: 1011)
    /// 1012: the service is restarting (IANA registry).
    public static let serviceRestart = WebSocketCloseCode(rawValue: 1012)
    /// 1013: try again later, e.g. the client was too slow (IANA registry).
    public static let tryAgainLater = WebSocketCloseCode(rawValue: 1013)

    /// Whether a peer may send this code in a close frame: 1000-1003, 1007-1014 (the registered
    /// codes that are not reserved) and 3000-4999 (libraries and applications), per RFC 6455 §7.4 and
    /// the IANA registry; 1004-1006, 1015 and everything else fail the connection (Autobahn 7.7.x / 7.9.x).
    public var isValidToReceive: Bool {
        switch rawValue {
        case 1000...1003, 1007...1014, 3000...4999: return true
        default: return false
        }
    }

    /// The number, as logs show it.
    public var description: String { String(rawValue) }
}

// MARK: - Mapping protocol errors to wire codes

extension WebSocketCloseCode {
    /// The code to close with when the peer broke a rule: 1007 for invalid UTF-8, 1009 for a
    /// message over the size limit, 1002 for everything else (RFC 6455 §7.4.1).
    /// - Parameter error: the broken rule.
    public init(_ error: WebSocketProtocolError) {
        switch error {
        case .invalidUTF8: self = .invalidPayloadData
        case .messageTooBig: self = .messageTooBig
        default: self = .protocolError
        }
    }
}
