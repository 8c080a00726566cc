/// A connection's WebSocket state after the upgrade: parser, reassembly, close handshake,
/// compression parameters, subscriptions and the application's data. Kept inline in the
/// connection record and small: an idle WebSocket holds no buffers.
struct WebSocketConnectionState {
    enum Closing: UInt8 {
        /// Open both ways.
        case open
        /// We sent a close frame and wait for the peer's.
        case closeSent
        /// The close handshake is over (or the connection failed); nothing more is read or written.
        case done
    }

    var parser: WebSocketFrameParser
    var assembler: WebSocketMessageAssembler
    var closing = Closing.open
    /// permessage-deflate, when negotiated.
    var deflate: PerMessageDeflateSession?
    /// Topics this connection is subscribed to (to unsubscribe on close).
    var topics: [TopicID] = []
    /// Newest frame per latest-state topic held back while the outbound queue was over its bound.
    var pendingLatest: [(TopicID, WebSocketOutboundMessage)] = []
    /// The application's data for this connection.
    var userData: (any Sendable)?
    /// A ping went out and nothing has been received since.
    var pingOutstanding = false
    /// The application was told the connection closed.
    var closeNotified = false
    /// The close code to report to the application.
    var closeCode = WebSocketCloseCode.abnormalClosure
}
