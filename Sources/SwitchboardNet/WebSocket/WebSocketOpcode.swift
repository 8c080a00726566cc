/// A frame's opcode (RFC 6455 §5.2, §11.8); the other values are reserved and fail the connection.
public enum WebSocketOpcode: UInt8, Sendable, Hashable, CaseIterable {
    /// A later fragment of a fragmented message (§5.4).
    case continuation = 0x0
    /// A text message (UTF-8) or its first fragment.
    case text = 0x1
    /// A binary message or its first fragment.
    case binary = 0x2
    /// Connection close (§5.5.1).
    case close = 0x8
    /// Ping (§5.5.2).
    case ping = 0x9
    /// Pong (§5.5.3).
    case pong = 0xA

    /// Whether this is a control frame (close, ping, pong): opcodes with the high bit set (§5.5).
    @inlinable
    public var isControl: Bool { rawValue & 0x8 != 0 }
}
