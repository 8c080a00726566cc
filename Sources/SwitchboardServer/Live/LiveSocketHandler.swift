import Logging
import SwitchboardDomain
import SwitchboardNet
import SwitchboardStore
import SwitchboardSync

/// The `/live` WebSocket (Public/protocol.md): checks the upgrade (session cookie, same Origin), keeps the
/// user → sockets registry, and runs each socket's commands in order in a task, answering through the network
/// core. Loop-thread entry points only copy bytes and queue: nothing here blocks a loop.
public final class LiveSocketHandler: Sendable {
    /// The WebSocket path.
    public static let path = "/live"

    let center: ContactCenter
    let gateway: LiveGateway
    let registry: LiveConnectionRegistry
    let access: AccessDirectory
    let store: StoreDatabase
    let clock: any WallClock
    let logger: Logger
    /// Each login session's recent command ids and answers: a command resent after a reconnect runs once.
    let ledger: CommandLedger
    /// Sends the agents' queued messages.
    let outbound: OutboundService
    /// The abuse limits.
    let limits: LiveLimits
    /// Spies and screen watches per supervisor, for the limits.
    let watches = SupervisorWatchCounter()
    /// Refusals are counted here.
    let metrics: SwitchboardMetrics
    private let network = ServerReference()  // weak: the server owns us through its delegate

    /// Creates the handler.
    public init(center: ContactCenter, gateway: LiveGateway, registry: LiveConnectionRegistry, access: AccessDirectory,
                store: StoreDatabase, outbound: OutboundService, clock: any WallClock, logger: Logger,
                limits: LiveLimits = LiveLimits(), metrics: SwitchboardMetrics = SwitchboardMetrics()) {
        self.limits = limits
        self.metrics = metrics
        self.center = center
        self.outbound = outbound
        self.gateway = gateway
        self.registry = registry
        self.access = access
        self.store = store
        self.clock = clock
        self.logger = logger
        self.ledger = CommandLedger(clock: clock)
    }

    /// Answers go out through `network` from now on.
    public func attach(_ network: NetworkServer) { self.network.set(network) }

    var net: NetworkServer? { network.server }

    // MARK: - Upgrade

    /// Accepts only a live session cookie (401 otherwise) and, when an Origin is sent, one whose host and port
    /// equal the request's Host (403 otherwise: another site's page cannot open a socket with our cookie).
    func shouldUpgrade(_ request: HTTPRequest) -> WebSocketUpgradeDecision {
        let head = request.head
        if let origin = head.headers.first("Origin") {
            guard let host = head.headers.first("Host"), Self.sameOrigin(origin, host: host) else {
                return .reject(AppDelegate.secured(.text(status: .forbidden, "origin not allowed\n")))
            }
        }
        guard let token = head.cookie(AppDelegate.sessionCookie), let user = access.user(forToken: token) else {
            return .reject(AppDelegate.secured(.text(status: .unauthorized, "log in first\n")))
        }
        let origin = CommandOrigin(address: request.peer.description,
                                   userAgent: head.headers.first("User-Agent").map { String($0.prefix(512)) })
        return .accept(userData: LiveSession(user: user.id, token: token, connection: request.connection, origin: origin))
    }

    /// Whether an Origin (`scheme://host[:port]`, RFC 6454 §7) names the same host and port as a Host field.
    static func sameOrigin(_ origin: String, host: String) -> Bool {
        guard let separator = origin.range(of: "://") else { return false }
        let authority = origin[separator.upperBound...]
        guard !authority.isEmpty, !authority.contains("/") else { return false }
        return authority.lowercased() == host.lowercased()
    }

    // MARK: - Socket life

    /// Close code of a socket whose session ended while it was open (logout, expiry, password change, user removed):
    /// the page goes to the login page; the close frame's reason says why.
    public static let sessionEndedCode = WebSocketCloseCode.policyViolation

    /// Close code of a socket whose user's role or scope changed: the page reconnects and subscribes again under the
    /// new rights (a subscription now out of scope is refused with `forbidden`).
    public static let accessChangedCode = WebSocketCloseCode(rawValue: 4002)

    /// Closes every open socket of `user` with 4002 (its role or campaign scope changed).
    func accessChanged(of user: UserID) {
        guard let net else { return }
        for id in registry.connections(of: user) { net.close(id, code: Self.accessChangedCode, reason: "access changed") }
    }

    /// Closes the open sockets of sessions that just ended (the access directory's observer): 4001 for a supervisor's
    /// disconnect, 1008 with the reason otherwise.
    func sessionsEnded(_ ended: [AccessDirectory.EndedSession]) {
        guard let net else { return }
        for session in ended {
            let code = session.reason == .disconnected ? DomainEffectPerformer.disconnectedCode : Self.sessionEndedCode
            for id in registry.connections(ofSession: session.tokenHash) { net.close(id, code: code, reason: session.reason.reason) }
        }
    }

    func didOpen(_ connection: WebSocketConnection) {
        guard let session = connection.userData as? LiveSession else { return }
        registry.opened(connection.id, of: session.user, session: session.tokenHash)
        access.socketOpened(tokenHash: session.tokenHash)
    }

    func didReceive(_ connection: WebSocketConnection, _ message: WebSocketMessage) {
        guard let session = connection.userData as? LiveSession else { return }
        guard message.opcode == .text else {
            // Binary frames are the agent's screen (Public/protocol.md); only the screen topic of the socket's
            // own user can carry them, and screen.start lets only a supervisor of an agent with monitorScreen join it.
            if message.opcode == .binary { gateway.relayScreenFrame(from: session.user, message.bytes) }
            return
        }
        if session.push(Array(message.bytes)) {
            Task { await self.drain(session) }
        }
    }

    func didClose(_ connection: WebSocketConnection) {
        guard let session = connection.userData as? LiveSession else { return }
        registry.closed(connection.id, of: session.user, session: session.tokenHash)
        access.socketClosed(tokenHash: session.tokenHash)
        for topic in session.leaveAll() { gateway.release(topic) }
        // An agent's socket closing does not log it out (it may come back); a supervisor stops what it watched.
        let (spied, screens) = session.leftovers()
        for _ in spied { watches.release(.spy, for: session.user) }
        for _ in screens { watches.release(.screen, for: session.user) }
        guard !spied.isEmpty || !screens.isEmpty, let user = access.user(session.user) else { return }
        let caller = AccessDirectory.caller(for: user)
        Task { [center] in
            for (interaction, campaign) in spied { try? await center.unspy(caller, on: interaction, in: campaign, agent: nil) }
            for agent in screens { try? await center.screenStop(caller, agent: agent) }
        }
    }

    private func drain(_ session: LiveSession) async {
        while let bytes = session.next() { await execute(bytes, session) }
    }

    // MARK: - Topics

    /// Joins the socket to a Net topic (counted by the gateway, which encodes only for joined topics).
    func join(_ session: LiveSession, _ topic: TopicID) {
        if session.join(topic) { gateway.retain(topic) }
        net?.subscribe(session.connection, to: topic)
    }

    /// Takes the socket off a Net topic.
    func leave(_ session: LiveSession, _ topic: TopicID) {
        net?.unsubscribe(session.connection, from: topic)
        if session.leave(topic) { gateway.release(topic) }
    }

    // MARK: - Answers

    func send(_ bytes: [UInt8], to session: LiveSession) {
        guard let net else { return }
        net.send(net.makeMessage(.text, payload: bytes), to: session.connection)
    }

    func send(_ publication: Publication, view: WallboardView = .everything, to session: LiveSession) {
        send(PublicationEncoder.encode(publication, view: view), to: session)
    }
}
