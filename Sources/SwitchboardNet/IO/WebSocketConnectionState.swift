/// A connection's WebSocket state after the upgrade: parser, reassembly, close handshake,
/// compression parameters, subscriptions and the application's data. Kept inline in the
/// connection record and small: an idle WebSocket holds no buffers. Fields are ordered so that the
/// small ones share words (`ConnectionLayoutTests` bounds the record's size).
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
    var closing = Closing.open
    /// A ping went out and nothing has been received since.
    var pingOutstanding = false
    /// The application was told the connection closed.
    var closeNotified = false
    /// The close code to report to the application.
    var closeCode = WebSocketCloseCode.abnormalClosure
    var assembler: WebSocketMessageAssembler
    /// permessage-deflate, when negotiated (boxed: most connections have none, and a session is ~60 bytes).
    var deflate: DeflateBox?
    /// Topics this connection is subscribed to (to unsubscribe on close).
    var topics = ConnectionTopics()
    /// Newest frame per latest-state topic held back while the outbound queue was over its bound.
    var pendingLatest: [(TopicID, WebSocketOutboundMessage)] = []
    /// The application's data for this connection.
    var userData: (any Sendable)?

    init(parser: WebSocketFrameParser, assembler: WebSocketMessageAssembler, deflate: DeflateBox?, userData: (any Sendable)?) {
        self.parser = parser
        self.assembler = assembler
        self.deflate = deflate
        self.userData = userData
    }
}

/// A connection's permessage-deflate session, boxed out of the connection record.
final class DeflateBox {
    var session: PerMessageDeflateSession

    init(_ session: PerMessageDeflateSession) { self.session = session }
}

@available(*, unavailable) extension DeflateBox: Sendable {}
