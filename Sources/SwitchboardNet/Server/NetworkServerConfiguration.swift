/// Everything the network core can be told: where to listen, how many loops, limits and timeouts.
public struct NetworkServerConfiguration: Sendable {
    /// Address to bind (an IPv4 or IPv6 literal).
    public var host = "127.0.0.1"
    /// Port to bind; 0 picks a free one (see `NetworkServer.port`).
    public var port = 8080
    /// Event loops; nil means one per CPU in the process's affinity mask.
    public var loopCount: Int?
    /// listen(2) backlog.
    public var backlog: Int32 = 4096
    /// HTTP request limits.
    public var httpLimits = HTTPLimits()
    /// Largest WebSocket message accepted (after reassembly and inflation); larger ones close with 1009.
    public var maxMessageSize = 16 << 20
    /// Time allowed for a request head to arrive completely (slowloris), in milliseconds; then 408.
    public var headerTimeoutMilliseconds: UInt64 = 10_000
    /// An idle keep-alive HTTP connection is closed after this long, in milliseconds.
    public var keepAliveTimeoutMilliseconds: UInt64 = 30_000
    /// A WebSocket that has been silent this long gets a ping, in milliseconds; silent twice as long, it is closed.
    public var pingIntervalMilliseconds: UInt64 = 30_000
    /// How long to wait for the peer's close frame after sending ours, in milliseconds.
    public var closeTimeoutMilliseconds: UInt64 = 5_000
    /// Bound on a connection's queued outbound bytes; what happens at the bound is the publication's `DeliveryPolicy`.
    public var outboundLimitBytes = 4 << 20
    /// Bytes read per read(2) into the loop's shared receive buffer.
    public var receiveBufferSize = 256 << 10
    /// After a turn that accepted connections, the loop polls without sleeping for this long, in microseconds:
    /// during a reconnect storm the next handshake's bytes arrive within microseconds, and waking a sleeping
    /// loop costs the connecting side an interrupt per event. Off (0) by default: the spin is the server's own
    /// CPU (a storm took 72-89 % of the core with 500 µs against 53-55 % without, for a rate ~10 % higher), and
    /// what counts is the server's cost per handshake (issue 15). Steady traffic never spins.
    public var acceptBusyPollMicroseconds: UInt64 = 0
    /// The longest a flush to many connections (a fan-out) waits after the previous one to gather the
    /// broadcasts that arrive meanwhile into the same writes, in microseconds; it waits as long as the
    /// previous flush took, up to this. 0 writes every turn's frames at once.
    public var fanOutGatherLimitMicroseconds: UInt64 = 5_000
    /// permessage-deflate (RFC 7692) settings; disabled unless `enabled` is set.
    public var deflate = PerMessageDeflateConfiguration()
    /// TLS for https/wss on the same port; nil serves plain http/ws.
    public var tls: TLSContext?
    /// Connections one client address may hold open at once (nil: no limit); more are closed at accept.
    public var maxConnectionsPerAddress: Int?

    public init() {}
}
