/// What the connection must do after the assembler saw one frame.
public enum WebSocketReceiveAction {
    /// A complete message. For an unfragmented frame the payload is the frame's own bytes (valid while
    /// the receive buffer is); for a fragmented one it lives in the assembler until the next
    /// `receive` or `releaseMessage()`. A compressed message (RSV1) is still deflated and unvalidated.
    case message(opcode: WebSocketOpcode, payload: UnsafeRawBufferPointer, compressed: Bool)
    /// A fragment was buffered; nothing to do yet.
    case needMore
    /// A ping arrived: send a pong with this payload (§5.5.2).
    case pong(UnsafeRawBufferPointer)
    /// A pong arrived (§5.5.3).
    case pongReceived
    /// The peer sent a valid close (§5.5.1): echo it and close the TCP connection. `code` is nil for an
    /// empty close body (the application sees 1005, §7.1.5; the echo carries 1000); `reason` is the peer's
    /// (valid UTF-8) reason.
    case peerClosed(code: WebSocketCloseCode?, reason: String)
    /// The peer broke the protocol: send a close with this code and reason, then close the TCP
    /// connection (§7.1.7).
    case fail(WebSocketCloseCode, String)
    /// The frame arrived after a close or a failure and is dropped (§5.5.1).
    case ignored
}

@available(*, unavailable)
extension WebSocketReceiveAction: Sendable {}
