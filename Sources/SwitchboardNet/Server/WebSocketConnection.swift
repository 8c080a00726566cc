/// The application's handle on a WebSocket during a delegate call, on the connection's loop thread.
/// Do not keep it: keep `id` and use the server's `send`/`close`/`subscribe` from elsewhere.
public struct WebSocketConnection {
    unowned(unsafe) let loop: EventLoop
    let slot: UInt32

    init(loop: EventLoop, slot: UInt32) {
        self.loop = loop
        self.slot = slot
    }

    /// The id that names this connection from any thread.
    public var id: ConnectionID { loop.connectionID(slot) }

    /// What the application attached when it accepted the upgrade.
    public var userData: (any Sendable)? { loop.table.pointer(slot).pointee?.webSocket?.userData }

    /// Whether the connection still accepts frames (not closing).
    public var isOpen: Bool {
        loop.table.pointer(slot).pointee?.phase == .webSocket && loop.table.pointer(slot).pointee?.webSocket?.closing == .open
    }

    /// Sends one message; the frame is written with everything else this turn produced for the connection.
    public func send(_ opcode: WebSocketOpcode, _ payload: UnsafeRawBufferPointer) {
        guard isOpen else { return }
        loop.sendFrame(slot, opcode: opcode, payload: payload)
    }

    /// Sends a text message.
    public func send(text: String) {
        var text = text
        text.withUTF8 { send(.text, UnsafeRawBufferPointer($0)) }
    }

    /// Sends a prepared (possibly shared) message.
    public func send(_ message: WebSocketOutboundMessage, policy: DeliveryPolicy = .lossless) {
        loop.deliver(message, to: slot, policy: policy)
    }

    /// Adds this connection to `topic`'s subscribers.
    public func subscribe(_ topic: TopicID) { loop.subscribe(slot, topic) }

    /// Removes this connection from `topic`'s subscribers.
    public func unsubscribe(_ topic: TopicID) { loop.unsubscribe(slot, topic) }

    /// Starts the close handshake with `code`.
    public func close(code: WebSocketCloseCode = .normalClosure) { loop.closeWebSocket(slot, code: code) }
}

@available(*, unavailable) extension WebSocketConnection: Sendable {}
