import CSwitchboard

/// Answers one HTTP request from any thread. On the connection's own loop thread the answer is
/// written in the same turn; from elsewhere it goes through the loop's inbox.
public struct HTTPResponder: Sendable {
    let connection: ConnectionID
    let inbox: LoopInbox

    /// Sends `response`. Call exactly once per request.
    public func respond(_ response: HTTPResponse) {
        if let loop = EventLoop.current, loop.index == connection.loop {
            if let slot = loop.liveSlot(connection) { loop.respond(slot, response) }
        } else {
            inbox.post(.respond(connection, response))
        }
    }
}

extension EventLoop {
    /// The loop running on the calling thread, if any.
    static var current: EventLoop? {
        guard let raw = cs_current_loop() else { return nil }
        return Unmanaged<EventLoop>.fromOpaque(raw).takeUnretainedValue()
    }
}
