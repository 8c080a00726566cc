/// One parsed frame whose payload still lives (unmasked) in the caller's receive buffer.
/// Valid only as long as that buffer region is neither reused nor moved.
public struct WebSocketFrame {
    /// FIN: this is the last frame of its message (§5.2).
    public var fin: Bool
    /// RSV1: the message is compressed when permessage-deflate is negotiated (RFC 7692 §6).
    public var rsv1: Bool
    /// The frame's opcode.
    public var opcode: WebSocketOpcode
    /// The unmasked payload, a slice of the parser's input.
    public var payload: UnsafeMutableRawBufferPointer
    /// The bytes the frame took in the input (header + mask + payload).
    public var frameLength: Int

    /// Creates a frame (the parser does; tests may build one around their own buffer).
    /// - Parameters:
    ///   - fin: FIN bit.
    ///   - rsv1: RSV1 bit.
    ///   - opcode: the opcode.
    ///   - payload: the unmasked payload bytes.
    ///   - frameLength: the bytes the frame took on the wire.
    public init(fin: Bool, rsv1: Bool, opcode: WebSocketOpcode, payload: UnsafeMutableRawBufferPointer, frameLength: Int) {
        self.fin = fin
        self.rsv1 = rsv1
        self.opcode = opcode
        self.payload = payload
        self.frameLength = frameLength
    }
}

@available(*, unavailable)
extension WebSocketFrame: Sendable {}
