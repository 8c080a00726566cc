import Logging
import SwitchboardDomain
import SwitchboardNet
import SwitchboardStore
import SwitchboardSync

/// The live side of the app: the contact center (domain actors and hub), the gateway that broadcasts its
/// publications, the effect performer, the `/live` socket handler, the start-up rebuild from the store
/// (`LiveService+Rebuild.swift`), the timers (tick every second, flush every 100 ms) and the hooks the REST API
/// calls after configuration changes.
public final class LiveService: Sendable {
    /// The domain's front door.
    public let center: ContactCenter
    /// Publications → Net topics.
    public let gateway: LiveGateway
    /// Domain effects → store, sessions, sockets.
    public let effects: DomainEffectPerformer
    /// The `/live` WebSocket.
    public let sockets: LiveSocketHandler
    /// User → open live sockets.
    public let registry: LiveConnectionRegistry
    /// The agents' messages on their way to the providers.
    public let outbound: OutboundService
    let store: StoreDatabase
    let clock: any WallClock
    let logger: Logger
    /// Each campaign's next local midnight and its time zone.
    private let midnights = Locked<[CampaignID: (at: Timestamp, zone: String)]>([:])
    private let timer = Locked<Task<Void, Never>?>(nil)

    /// Builds the live side (nothing is published until `attach`).
    /// - Parameters:
    ///   - store: the database.
    ///   - access: who is logged in.
    ///   - topics: the topic registry the network core is made with.
    ///   - clock: the real clock.
    ///   - logger: for failures.
    ///   - outbound: how messages are sent to the providers.
    ///   - limits: the live sockets' abuse limits.
    ///   - metrics: where refusals and deliveries are counted.
    public init(store: StoreDatabase, access: AccessDirectory, topics: TopicRegistry, clock: any WallClock, logger: Logger,
                outbound: OutboundSettings = OutboundSettings(), limits: LiveLimits = LiveLimits(),
                metrics: SwitchboardMetrics = SwitchboardMetrics()) {
        let registry = LiveConnectionRegistry()
        let gateway = LiveGateway(topics: topics)
        let effects = DomainEffectPerformer(store: store, access: access, registry: registry, clock: clock, logger: logger)
        // Seqs start at the start time (ms) × 1000: above every seq of an earlier run unless one of its topics had a
        // thousand deltas per millisecond, and below 2^53 (JavaScript's exact integers) until the year 2255.
        let seqBase = UInt64(max(0, clock.now().milliseconds)) * 1000
        let center = ContactCenter(hub: LiveHub(sink: gateway, seqBase: seqBase), effects: effects, clock: clock)
        self.center = center
        self.gateway = gateway
        self.effects = effects
        self.registry = registry
        let sender = OutboundService(store: store, center: center, clock: clock, settings: outbound, metrics: metrics, logger: logger)
        self.outbound = sender
        self.sockets = LiveSocketHandler(center: center, gateway: gateway, registry: registry, access: access, store: store,
                                         outbound: sender, clock: clock, logger: logger, limits: limits, metrics: metrics)
        self.store = store
        self.clock = clock
        self.logger = logger
        // Every session that ends closes its open sockets; one that ended idle is revoked in the store too (the
        // other ends were written by whoever ended them), so a restart does not bring it back.
        access.observe { [sockets] ended in
            sockets.sessionsEnded(ended)
            for session in ended where session.reason == .idle {
                store.revokeSessionLater(tokenHash: session.tokenHash, at: clock.now()) { result in
                    if case .failure(let error) = result { logger.error("idle session not revoked in the store: \(error)") }
                }
            }
        }
    }

    /// Starts publishing, answering and closing sockets through `network`.
    public func attach(_ network: NetworkServer) {
        gateway.attach(network)
        effects.attach(network)
        sockets.attach(network)
    }

    // MARK: - Days

    /// Creates or reconfigures the campaign's live actor; a new campaign (or a new time zone) starts its day.
    private func configure(_ record: CampaignRecord) async {
        await center.configure(CampaignConfiguration(record))
        let now = clock.now(), zone = record.settings.timeZone
        let known = midnights.withLock { $0[record.id] }
        if known?.zone != zone {
            let next = LocalMidnight.next(after: now, in: zone)
            midnights.withLock { $0[record.id] = (next, zone) }
            try? await center.startDay(record.id, at: LocalMidnight.start(of: now, in: zone), nextMidnight: next)
        }
        if let actor = center.directory.campaign(record.id) {
            // Figures now, so the campaign is on the wallboard (snapshot included) before the next timer turn.
            await actor.tick()
            await actor.flush(now: now)
        }
    }

    /// Remembers a campaign's next local midnight (the rebuild starts its day itself).
    func scheduleMidnight(_ campaign: CampaignID, at next: Timestamp, zone: String) {
        midnights.withLock { $0[campaign] = (next, zone) }
    }

    // MARK: - Timers

    /// Starts the timers: `flush()` every 100 ms; every tenth time the midnights then `tick()`; every hundredth the
    /// sessions' expiry (a socket left open past its session's absolute expiry is closed).
    public func startTimers() {
        let task = Task { [center, clock, access = sockets.access] in
            let monotonic = ContinuousClock()
            var next = monotonic.now
            var turn = 0
            while !Task.isCancelled {
                next = max(next.advanced(by: .milliseconds(100)), monotonic.now)
                do { try await monotonic.sleep(until: next) } catch { return }
                await center.flush()
                // This timer is the coalescing interval: a delta the hub held back by a few ms of jitter leaves now.
                center.hub.flushWallboard(now: clock.now(), force: true)
                turn += 1
                if turn % 10 == 0 {
                    await resetDueMidnights()
                    await center.tick()
                }
                if turn % 100 == 0 { access.expire() }
            }
        }
        timer.withLock { $0 = task }
    }

    /// Stops the timers (waits for the running turn).
    public func stopTimers() async {
        let task = timer.withLock { current -> Task<Void, Never>? in
            defer { current = nil }
            return current
        }
        task?.cancel()
        await task?.value
    }

    /// Starts a new "today" in every campaign whose local midnight passed (and its members' time figures), with its
    /// following midnight; a campaign that already rolled over at an event past midnight keeps what it counted since.
    private func resetDueMidnights() async {
        let now = clock.now()
        let due = midnights.withLock { table in table.filter { $0.value.at <= now } }
        for (id, entry) in due {
            let next = LocalMidnight.next(after: now, in: entry.zone)
            midnights.withLock { $0[id] = (next, entry.zone) }
            try? await center.startDay(id, at: LocalMidnight.start(of: now, in: entry.zone), nextMidnight: next)
        }
    }

    // MARK: - Hooks for the REST API

    /// A campaign was created or changed (settings, members, canned responses): the live actor follows at once.
    public func campaignChanged(_ id: CampaignID) async {
        guard let record = try? await store.campaign(id) else { return }
        await configure(record)
    }

    /// A campaign was deleted: it takes nothing more and leaves the wallboard.
    public func campaignDeleted(_ id: CampaignID) async {
        guard let actor = center.directory.campaign(id) else { return }
        var configuration = await actor.configuration
        configuration.enabled = false
        configuration.members = []
        await center.configure(configuration)
        center.hub.dropFromWallboard(id)
        midnights.withLock { $0[id] = nil }
    }

    /// A user was created or changed: agents are added (or renamed, monitor flag); a user that stopped being an
    /// agent lost its memberships, so every campaign is reloaded.
    public func userChanged(_ user: UserRecord, previousRole: UserRole?) async {
        if user.role == .agent { await center.addAgent(user.id, name: user.displayName, monitorScreen: user.monitorScreen) }
        if previousRole == .agent && user.role != .agent {
            for record in (try? await store.campaigns()) ?? [] { await configure(record) }
        }
    }

    // MARK: - Customers

    /// A customer's message (what the provider webhooks call): committed first, then a new interaction enters its
    /// campaign's queue (at the enqueue time the store recorded, which a restart replays), or the message reaches
    /// the open one.
    /// - Returns: the store's outcome (acknowledge the provider once it returned).
    public func receive(_ message: InboundMessage) async throws(StoreError) -> InboundOutcome {
        let outcome = try await store.recordInbound(message)
        guard case .recorded(let messageID, let interaction, let opened) = outcome else { return outcome }
        do throws(DomainError) {
            if opened {
                let enqueuedAt = try? await store.interaction(interaction)?.enqueuedAt
                try await center.enqueue(interaction, in: message.campaignID, customer: message.heyNowNumber, at: enqueuedAt)
            }
            try await center.customerMessage(interaction, in: message.campaignID, text: message.body, messageID: messageID.rawValue,
                                             media: LineMedia(content: message.content))
        } catch {
            logger.warning("inbound \(messageID) not live: \(error)")
        }
        return outcome
    }
}
