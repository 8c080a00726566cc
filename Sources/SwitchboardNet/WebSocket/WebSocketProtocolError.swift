/// A rule of RFC 6455 that the peer broke; each fails the connection (§7.1.7) with the code
/// `WebSocketCloseCode(error)` gives.
public enum WebSocketProtocolError: Error, Hashable, Sendable {
    /// RSV1-3 set without a negotiated extension defining them (§5.2), or RSV1 where
    /// permessage-deflate does not allow it (RFC 7692 §6).
    case reservedBitsSet
    /// An opcode reserved for future use (§5.2).
    case unknownOpcode(UInt8)
    /// A control frame without FIN (§5.5).
    case fragmentedControlFrame
    /// A control frame with a payload over 125 bytes (§5.5).
    case controlFrameTooLong
    /// A client frame without a mask (§5.1).
    case unmaskedClientFrame
    /// A frame or message over the configured size limit (§10.4).
    case messageTooBig
    /// A text message or close reason that is not valid UTF-8 (§8.1).
    case invalidUTF8
    /// A continuation frame with no message in progress (§5.4).
    case unexpectedContinuation
    /// A new text or binary frame while a fragmented message is in progress (§5.4).
    case expectedContinuation
    /// A close code that must not be received (§7.4).
    case invalidCloseCode(UInt16)
    /// A close payload of one byte (§5.5.1: a body starts with a 2-byte code).
    case invalidClosePayload
    /// A 64-bit payload length with the most significant bit set (§5.2).
    case invalidLength
}
