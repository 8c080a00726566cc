/// A message to send to one or many WebSockets, encoded once: the plain frame, and — when
/// permessage-deflate is in use — the compressed frame for connections without context takeover at
/// the default window, so a broadcast to many deflate clients is compressed once, not per connection.
public final class WebSocketOutboundMessage: Sendable {
    /// `.text` or `.binary`.
    public let opcode: WebSocketOpcode
    /// The unencoded payload (for connections that need their own compression).
    public let payload: [UInt8]
    /// The whole uncompressed frame.
    let plainFrame: SharedFrame
    /// The whole compressed frame (RSV1 set), for no-context-takeover connections at window 15.
    let compressedFrame: SharedFrame?

    init(opcode: WebSocketOpcode, payload: [UInt8], compressedPayload: [UInt8]?) {
        self.opcode = opcode
        self.payload = payload
        plainFrame = SharedFrame(bytes: payload.withUnsafeBytes {
            WebSocketFrameEncoder.encode(opcode: opcode, payload: $0, fin: true, rsv1: false)
        })
        compressedFrame = compressedPayload.map { compressed in
            SharedFrame(bytes: compressed.withUnsafeBytes {
                WebSocketFrameEncoder.encode(opcode: opcode, payload: $0, fin: true, rsv1: true)
            })
        }
    }
}
