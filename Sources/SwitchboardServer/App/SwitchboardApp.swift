import Logging
import SwitchboardDomain
import SwitchboardNet
import SwitchboardStore

/// The whole service: the store, who is logged in, the REST API, the pages and the network core.
public final class SwitchboardApp: Sendable {
    public let store: StoreDatabase
    public let access: AccessDirectory
    public let network: NetworkServer
    private let logger: Logger

    private init(store: StoreDatabase, access: AccessDirectory, network: NetworkServer, logger: Logger) {
        self.store = store
        self.access = access
        self.network = network
        self.logger = logger
    }

    /// Opens the database (running migrations), loads users and live sessions, and starts serving.
    public static func start(
        _ configuration: AppConfiguration, clock: any WallClock = SystemWallClock(),
        logger: Logger = Logger(label: "switchboard")
    ) async throws -> SwitchboardApp {
        let store = try await StoreDatabase.open(StoreConfiguration(path: configuration.databasePath, durability: configuration.durability))
        let access = AccessDirectory(clock: clock)
        access.load(users: try await store.users(), sessions: try await store.liveSessions(at: clock.now()))
        let api = APIRouter.product(store: store, access: access, clock: clock, lifetimeSeconds: configuration.sessionLifetimeSeconds)
        var net = NetworkServerConfiguration()
        net.host = configuration.host
        net.port = configuration.port
        net.loopCount = configuration.loopCount
        net.deflate.enabled = true
        if let certificate = configuration.tlsCertificatePath, let key = configuration.tlsKeyPath {
            net.tls = try TLSContext(configuration: TLSConfiguration(certificateChainPath: certificate, privateKeyPath: key))
        }
        let pages = try StaticFileServer(root: configuration.publicDirectory)
        let delegate = AppDelegate(api: api, access: access, pages: pages, store: store)
        let network = NetworkServer(configuration: net, delegate: delegate, logger: logger)
        try network.start()
        return SwitchboardApp(store: store, access: access, network: network, logger: logger)
    }

    /// The port served (after binding port 0 too).
    public var port: Int { network.port ?? 0 }

    /// Closes every connection (1001 to WebSockets), then flushes and closes the store.
    public func shutdown() async {
        network.shutdown()
        await store.close()
        logger.info("stopped")
    }

    /// Re-reads the TLS certificate and key (SIGHUP); a failure keeps the current ones.
    public func reloadCertificate() {
        do { try network.configuration.tls?.reload() } catch { logger.error("certificate reload failed: \(error)") }
    }
}
