import Logging
import SwitchboardDomain
import SwitchboardNet
import SwitchboardStore

/// The whole service: the store, who is logged in, the REST API, the pages and the network core.
public final class SwitchboardApp: Sendable {
    public let store: StoreDatabase
    public let access: AccessDirectory
    public let network: NetworkServer
    /// The contact center, its live updates and the `/live` WebSocket.
    public let live: LiveService
    /// The login attempt limits.
    public let throttle: LoginThrottle
    /// The figures of `/metrics`.
    public let metrics: SwitchboardMetrics
    /// The audit retention and the expired sessions' clean-up.
    public let housekeeping: Housekeeping
    private let logger: Logger

    private init(store: StoreDatabase, access: AccessDirectory, network: NetworkServer, live: LiveService, throttle: LoginThrottle,
                 metrics: SwitchboardMetrics, housekeeping: Housekeeping, logger: Logger) {
        self.store = store
        self.housekeeping = housekeeping
        self.metrics = metrics
        self.throttle = throttle
        self.access = access
        self.network = network
        self.live = live
        self.logger = logger
    }

    /// Opens the database (running migrations), loads users and live sessions, rebuilds the live state (campaigns,
    /// agents, open interactions), starts serving and starts the live timers.
    public static func start(
        _ configuration: AppConfiguration, clock: any WallClock = SystemWallClock(),
        logger: Logger = Logger(label: "switchboard")
    ) async throws -> SwitchboardApp {
        let metrics = SwitchboardMetrics()
        var storeConfiguration = StoreConfiguration(path: configuration.databasePath, durability: configuration.durability)
        storeConfiguration.commitObserver = CommitObserver { metrics.committed(nanoseconds: $0, requests: $1) }
        let store = try await StoreDatabase.open(storeConfiguration)
        let access = AccessDirectory(clock: clock, idleSeconds: configuration.sessionIdleSeconds)
        access.load(users: try await store.users(), sessions: try await store.liveSessions(at: clock.now()))
        access.loadKioskLinks(try await store.kioskLinks())
        let topics = TopicRegistry()
        var outbound = configuration.outbound
        if outbound.publicURL == nil { outbound.publicURL = configuration.publicURL }
        let live = LiveService(store: store, access: access, topics: topics, clock: clock, logger: logger, outbound: outbound,
                               limits: configuration.liveLimits, metrics: metrics)
        try await live.rebuild()
        let throttle = LoginThrottle(limits: configuration.loginLimits, clock: clock)
        var api = APIRouter.product(store: store, access: access, clock: clock, lifetimeSeconds: configuration.sessionLifetimeSeconds,
                                    live: live, throttle: throttle, metrics: metrics, metricsToken: configuration.metricsToken)
        api.logger = logger
        var net = NetworkServerConfiguration()
        net.host = configuration.host
        net.port = configuration.port
        net.loopCount = configuration.loopCount
        net.deflate.enabled = true
        // The core refuses larger bodies before they are read; the API's own bodies are far smaller.
        net.httpLimits.maxBodyBytes = max(net.httpLimits.maxBodyBytes, configuration.webhooks.maxBodyBytes)
        net.maxConnectionsPerAddress = configuration.maxConnectionsPerAddress
        if let certificate = configuration.tlsCertificatePath, let key = configuration.tlsKeyPath {
            net.tls = try TLSContext(configuration: TLSConfiguration(certificateChainPath: certificate, privateKeyPath: key))
        }
        let pages = try StaticFileServer(root: configuration.publicDirectory)
        let webhooks = WebhookHandler(live: live, store: store, configuration: configuration.webhooks, clock: clock, metrics: metrics,
                                      logger: logger)
        let delegate = AppDelegate(api: api, access: access, pages: pages, store: store, live: live.sockets, webhooks: webhooks)
        let network = NetworkServer(configuration: net, delegate: delegate, topics: topics, logger: logger)
        live.attach(network)
        try network.start()
        live.startTimers()
        await live.outbound.resume()   // what was queued before the last stop goes out now
        let housekeeping = Housekeeping(store: store, clock: clock, auditRetentionDays: configuration.auditRetentionDays, logger: logger)
        housekeeping.start()
        return SwitchboardApp(store: store, access: access, network: network, live: live, throttle: throttle, metrics: metrics,
                              housekeeping: housekeeping, logger: logger)
    }

    /// The port served (after binding port 0 too).
    public var port: Int { network.port ?? 0 }

    /// Closes every connection (1001 to WebSockets), then flushes and closes the store.
    public func shutdown() async {
        await live.stopTimers()
        await housekeeping.stop()
        live.outbound.stop()
        network.shutdown()
        await store.close()
        logger.info("stopped")
    }

    /// Re-reads the TLS certificate and key (SIGHUP); a failure keeps the current ones.
    public func reloadCertificate() {
        do { try network.configuration.tls?.reload() } catch { logger.error("certificate reload failed: \(error)") }
    }
}
