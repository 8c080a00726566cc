/// Work handed to a loop from another thread through its inbox.
enum LoopCommand: Sendable {
    /// Deliver `message` to every subscriber of `topic` on this loop.
    case publish(TopicID, WebSocketOutboundMessage, DeliveryPolicy)
    /// Deliver `message` to one connection.
    case send(ConnectionID, WebSocketOutboundMessage, DeliveryPolicy)
    /// Subscribe or unsubscribe a connection.
    case subscribe(ConnectionID, TopicID)
    case unsubscribe(ConnectionID, TopicID)
    /// The answer to a request handled asynchronously.
    case respond(ConnectionID, HTTPResponse)
    /// A streamed answer: its head, then chunks, then its end.
    case streamStart(ConnectionID, HTTPResponse, HTTPBodyWriter)
    case streamChunk(ConnectionID, [UInt8])
    case streamEnd(ConnectionID)
    /// Close one WebSocket with a close frame carrying a code and a reason (or an HTTP connection outright).
    case close(ConnectionID, WebSocketCloseCode, reason: String)
    /// Stop accepting, close every connection with `code`, and end the loop once they are gone or after a grace period.
    case shutdown(WebSocketCloseCode, graceMilliseconds: UInt64)
    /// Run a closure on the loop thread (tests and rare control work; never per message).
    case run(@Sendable () -> Void)
}
