/// One connection's record in its loop's table. Plain data: the loop's methods act on it through a
/// stable pointer (ConnectionTable), and every protocol decision lives in the parsers and state
/// machines it holds. An idle WebSocket keeps only this record: no buffers, no task, no thread.
struct Connection {
    enum Phase: UInt8 {
        /// Reading HTTP requests.
        case http
        /// Speaking WebSocket after a 101.
        case webSocket
        /// Our side is done: write side shut, reading and discarding until the peer's FIN or a timeout
        /// (closing with unread data would reset the connection and could destroy our last response).
        case lingering
        /// Closed; the slot is released at the end of the loop turn.
        case closed
    }

    // Ordered so that small fields share words (`ConnectionLayoutTests` bounds the record's size).
    let fd: Int32
    let generation: UInt32
    /// Where the connection came from.
    let peer: PeerAddress
    /// Monotonic nanoseconds of the next timeout; 0: none.
    var deadline: UInt64 = 0
    /// The wheel tick under which this connection's live wheel entry is filed; 0: none.
    var wheelTick: UInt64 = 0
    /// Monotonic nanoseconds of the last bytes received.
    var lastReceived: UInt64
    /// HTTP parsing state, present while the connection speaks HTTP.
    var http: HTTPConnectionState?
    /// TLS session and its ciphertext backlog, when the listener serves TLS.
    var tls: TLSConnectionState?
    /// Received bytes not yet parsed (an incomplete head or frame); empty, without storage, when idle.
    var inboundTail: [UInt8] = []
    /// Bytes to write, in order.
    var outbound = OutboundQueue()
    var phase = Phase.http
    /// On the loop's list of connections to flush at the end of this turn.
    var isDirty = false
    /// Not reading: the peer sends faster than it reads our answers, so its bytes wait in the kernel
    /// (TCP pushes back) until our queue drains below the bound.
    var readPaused = false
    /// Close (lingering) once everything queued has been written.
    var closeAfterFlush = false
    /// WebSocket state, present after the upgrade.
    var webSocket: WebSocketConnectionState?

    init(fd: Int32, generation: UInt32, now: UInt64, peer: PeerAddress = .unknown) {
        self.fd = fd
        self.generation = generation
        self.peer = peer
        lastReceived = now
    }
}

@available(*, unavailable) extension Connection: Sendable {}
