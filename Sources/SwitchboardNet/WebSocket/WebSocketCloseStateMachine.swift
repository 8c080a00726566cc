/// The closing handshake of one connection (RFC 6455 §5.5.1, §7.1): who sent a close, what to do
/// when the peer's arrives, and when to stop waiting. Time is the caller's: it starts a timer on
/// `.sendCloseAndStartTimeout` and calls `closeTimeoutFired()` when it expires.
public struct WebSocketCloseStateMachine: Sendable {
    /// Where the closing handshake is.
    public enum State: Sendable, Equatable {
        /// No close frame sent or received.
        case open
        /// We sent a close and wait for the peer's.
        case closeSent
        /// The handshake is over (or was cut short); the TCP connection is being closed.
        case closed
    }

    /// What to do when we decide to close.
    public enum InitiateCloseAction: Sendable, Equatable {
        /// Send a close frame with this code and start the close timeout.
        case sendCloseAndStartTimeout(WebSocketCloseCode)
        /// A close is already under way.
        case doNothing
    }

    /// What to do when the peer's close frame arrives.
    public enum ReceivedCloseAction: Sendable, Equatable {
        /// Echo a close frame with this code (§5.5.1), then close the TCP connection (§7.1.1: the
        /// server closes first).
        case sendCloseThenCloseConnection(WebSocketCloseCode)
        /// It answers our close: cancel the timeout and close the TCP connection.
        case closeConnection
        /// Already closed.
        case doNothing
    }

    /// What to do when the peer broke the protocol.
    public enum FailAction: Sendable, Equatable {
        /// Send a close frame with this code, then close the TCP connection without waiting (§7.1.7).
        case sendCloseThenCloseConnection(WebSocketCloseCode)
        /// We already sent a close: just close the TCP connection.
        case closeConnection
        /// Already closed.
        case doNothing
    }

    /// What to do when the close timeout fires.
    public enum TimeoutAction: Sendable, Equatable {
        /// The peer never answered: close the TCP connection.
        case closeConnection
        /// The handshake finished in time.
        case doNothing
    }

    /// The current state.
    public private(set) var state = State.open

    /// Creates the state of an open connection.
    public init() {}

    /// We start the closing handshake (shutdown, a slow client, an application close).
    /// - Parameter code: the code to send.
    /// - Returns: the action to perform.
    public mutating func initiateClose(code: WebSocketCloseCode) -> InitiateCloseAction {
        guard state == .open else { return .doNothing }
        state = .closeSent
        return .sendCloseAndStartTimeout(code)
    }

    /// The peer's valid close frame arrived.
    /// - Parameter code: the code to echo (the peer's, or 1000 when it sent none).
    /// - Returns: the action to perform.
    public mutating func receivedClose(code: WebSocketCloseCode) -> ReceivedCloseAction {
        switch state {
        case .open:
            state = .closed
            return .sendCloseThenCloseConnection(code)
        case .closeSent:
            state = .closed
            return .closeConnection
        case .closed:
            return .doNothing
        }
    }

    /// The peer broke the protocol (a `.fail` from the assembler or a parser error).
    /// - Parameter code: the code to send.
    /// - Returns: the action to perform.
    public mutating func fail(code: WebSocketCloseCode) -> FailAction {
        switch state {
        case .open:
            state = .closed
            return .sendCloseThenCloseConnection(code)
        case .closeSent:
            state = .closed
            return .closeConnection
        case .closed:
            return .doNothing
        }
    }

    /// The close timeout started by `.sendCloseAndStartTimeout` expired.
    /// - Returns: the action to perform.
    public mutating func closeTimeoutFired() -> TimeoutAction {
        guard state == .closeSent else { return .doNothing }
        state = .closed
        return .closeConnection
    }
}
