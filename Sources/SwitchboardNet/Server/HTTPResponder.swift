import CSwitchboard

/// Answers one HTTP request from any thread. On the connection's own loop thread the answer is
/// written in the same turn; from elsewhere it goes through the loop's inbox.
public struct HTTPResponder: Sendable {
    let connection: ConnectionID
    let inbox: LoopInbox

    /// Starts a streamed answer with `head`'s status and headers (its body is ignored); write the body
    /// through the returned writer, then `finish()` it. Call instead of `respond`, once.
    public func stream(_ head: HTTPResponse) -> HTTPBodyWriter {
        let writer = HTTPBodyWriter(connection: connection, inbox: inbox)
        if let loop = EventLoop.current, loop.index == connection.loop {
            if let slot = loop.liveSlot(connection) { loop.startStream(slot, head, writer) } else { writer.connectionGone() }
        } else {
            inbox.post(.streamStart(connection, head, writer))
        }
        return writer
    }

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
