/// What the application does with requests and WebSockets. Called on event-loop threads: every
/// method must return quickly and never block (hand slow work to a task and answer later through
/// the `HTTPResponder` or the server's `send`/`publish`).
public protocol NetworkServerDelegate: Sendable {
    /// Answers an HTTP request, now or later, exactly once, through `responder`.
    func handle(_ request: HTTPRequest, responder: HTTPResponder)
    /// Decides a WebSocket upgrade that passed RFC 6455's checks (cookies, Origin, path are the application's).
    func shouldUpgrade(_ request: HTTPRequest) -> WebSocketUpgradeDecision
    /// A WebSocket is open (the 101 is queued).
    func webSocketDidOpen(_ connection: WebSocketConnection)
    /// A whole message arrived (reassembled, inflated, UTF-8 checked for text). `message.bytes` is valid only during the call.
    func webSocket(_ connection: WebSocketConnection, didReceive message: WebSocketMessage)
    /// The WebSocket is gone; `code` is the peer's close code, or 1006 when the TCP connection simply ended.
    func webSocketDidClose(_ connection: WebSocketConnection, code: WebSocketCloseCode)
}

/// The application's answer to an upgrade request.
public enum WebSocketUpgradeDecision: Sendable {
    /// Upgrade; `userData` rides with the connection (the application's session, say).
    case accept(userData: (any Sendable)?)
    /// Refuse with this response (401, 403, 404 ...).
    case reject(HTTPResponse)
}

/// A request with its whole body (bounded by `HTTPLimits.maxBodyBytes`).
public struct HTTPRequest: Sendable {
    /// Request line and headers.
    public let head: HTTPRequestHead
    /// The body, empty when there was none.
    public let body: [UInt8]
    /// The connection it came on.
    public let connection: ConnectionID
    /// Whether it came over TLS.
    public let isSecure: Bool
    /// The address of the client (the TCP peer: behind a proxy, the proxy's).
    public let peer: PeerAddress

    /// A request (the network core makes them; tests of the layers above too).
    public init(head: HTTPRequestHead, body: [UInt8], connection: ConnectionID, isSecure: Bool, peer: PeerAddress = .unknown) {
        self.head = head
        self.body = body
        self.connection = connection
        self.isSecure = isSecure
        self.peer = peer
    }
}

/// A received WebSocket message, valid only for the duration of the delegate call.
public struct WebSocketMessage {
    /// `.text` or `.binary`.
    public let opcode: WebSocketOpcode
    /// The payload (for text: valid UTF-8).
    public let bytes: UnsafeRawBufferPointer

    /// The payload as a String (copies).
    public var text: String { String(decoding: bytes, as: UTF8.self) }
}
