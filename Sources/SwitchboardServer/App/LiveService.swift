import Logging
import SwitchboardDomain
import SwitchboardNet
import SwitchboardStore
import SwitchboardSync

/// The live side of the app: the contact center (domain actors and hub), the gateway that broadcasts its
/// publications, the effect performer, the `/live` socket handler, the start-up rebuild from the store, the
/// timers (tick every second, flush every 100 ms) and the hooks the REST API calls after configuration changes.
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
    private let store: StoreDatabase
    private let clock: RestoringClock
    private let realClock: any WallClock
    private let logger: Logger
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
    public init(store: StoreDatabase, access: AccessDirectory, topics: TopicRegistry, clock: any WallClock, logger: Logger) {
        let registry = LiveConnectionRegistry()
        let restoring = RestoringClock(clock)
        let gateway = LiveGateway(topics: topics)
        let effects = DomainEffectPerformer(store: store, access: access, registry: registry, clock: clock, logger: logger)
        let center = ContactCenter(hub: LiveHub(sink: gateway), effects: effects, clock: restoring)
        self.center = center
        self.gateway = gateway
        self.effects = effects
        self.registry = registry
        self.sockets = LiveSocketHandler(center: center, gateway: gateway, registry: registry, access: access, store: store,
                                         clock: clock, logger: logger)
        self.store = store
        self.clock = restoring
        self.realClock = clock
        self.logger = logger
    }

    /// Starts publishing, answering and closing sockets through `network`.
    public func attach(_ network: NetworkServer) {
        gateway.attach(network)
        effects.attach(network)
        sockets.attach(network)
    }

    // MARK: - Start-up

    /// Loads every agent and campaign and rebuilds the open interactions from the store: queued ones re-enter their
    /// queue with their original enqueue time, active ones go back to their agent (logged in again, as it was), with
    /// their recent transcript. Effects are muted meanwhile (the store already holds all of it).
    public func rebuild() async throws(StoreError) {
        effects.mute(true)
        defer {
            clock.replay(at: nil)
            effects.mute(false)
        }
        for user in try await store.users() where user.role == .agent {
            await center.addAgent(user.id, name: user.displayName, monitorScreen: user.monitorScreen)
        }
        for record in try await store.campaigns() { await configure(record) }
        let open = try await store.openInteractions()
        var steps: [(at: Timestamp, order: Int, step: ReplayStep)] = []
        for record in open {
            steps.append((record.enqueuedAt, steps.count, .enqueue(record)))
            if record.state == .active, let agent = record.agentID {
                steps.append((record.takenAt ?? record.enqueuedAt, steps.count, .take(record, agent)))
            }
            for message in try await store.transcript(record.id) where message.sender != .system {
                steps.append((message.at, steps.count, .message(record, message)))
            }
        }
        steps.sort { ($0.at, $0.order) < ($1.at, $1.order) }
        var requeue: Set<InteractionID> = Set(open.filter { $0.state == .reserved }.map(\.id))
        for (at, _, step) in steps {
            clock.replay(at: at)
            do throws(DomainError) {
                switch step {
                case .enqueue(let r): try await center.enqueue(r.id, in: r.campaignID, customer: r.heyNowNumber)
                case .take(let r, let agent):
                    try await center.login(agent)
                    try await center.take(r.id, in: r.campaignID, by: agent)
                case .message(let r, let m):
                    if m.sender == .customer {
                        try await center.customerMessage(r.id, in: r.campaignID, text: m.body)
                    } else if let agent = m.agentID {
                        try await center.send(m.body, on: r.id, in: r.campaignID, by: agent)
                    }
                }
            } catch {
                // A take that no longer fits (agent gone, campaign changed): the interaction waits again.
                if case .take(let r, _) = step { requeue.insert(r.id) }
                if case .message = step { continue }
                logger.warning("rebuild: \(step) refused: \(error)")
            }
        }
        for id in requeue { try? await store.record(.requeued(at: realClock.now()), for: id) }
        logger.info("live state rebuilt: \(open.count) open interaction(s)")
    }

    private enum ReplayStep: CustomStringConvertible {
        case enqueue(SwitchboardStore.InteractionRecord)
        case take(SwitchboardStore.InteractionRecord, AgentID)
        case message(SwitchboardStore.InteractionRecord, MessageRecord)

        var description: String {
            switch self {
            case .enqueue(let r): "enqueue \(r.id)"
            case .take(let r, let a): "take \(r.id) by \(a)"
            case .message(let r, _): "message of \(r.id)"
            }
        }
    }

    private func configure(_ record: CampaignRecord) async {
        await center.configure(CampaignConfiguration(record))
        if let actor = center.directory.campaign(record.id) {
            // Figures now, so the campaign is on the wallboard (snapshot included) before the next timer turn.
            await actor.tick()
            await actor.flush(now: clock.now())
        }
        let now = realClock.now()
        let known = midnights.withLock { $0[record.id] }
        if known?.zone != record.settings.timeZone {
            let next = LocalMidnight.next(after: now, in: record.settings.timeZone)
            midnights.withLock { $0[record.id] = (next, record.settings.timeZone) }
            if known == nil {
                try? await center.resetToday(record.id, nextMidnight: next)
            }
        }
    }

    // MARK: - Timers

    /// Starts the timers: `flush()` every 100 ms and, every tenth time, the midnights then `tick()`.
    public func startTimers() {
        let task = Task { [center, clock] in
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

    /// Starts a new "today" in every campaign whose local midnight passed, with its following midnight.
    private func resetDueMidnights() async {
        let now = realClock.now()
        let due = midnights.withLock { table in table.filter { $0.value.at <= now } }
        for (id, entry) in due {
            let next = LocalMidnight.next(after: now, in: entry.zone)
            midnights.withLock { $0[id] = (next, entry.zone) }
            try? await center.resetToday(id, nextMidnight: next)
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
    /// campaign's queue, or the message reaches the open one.
    /// - Returns: the store's outcome (acknowledge the provider once it returned).
    public func receive(_ message: InboundMessage) async throws(StoreError) -> InboundOutcome {
        let outcome = try await store.recordInbound(message)
        guard case .recorded(let messageID, let interaction, let opened) = outcome else { return outcome }
        do throws(DomainError) {
            if opened {
                try await center.enqueue(interaction, in: message.campaignID, customer: message.heyNowNumber)
            }
            try await center.customerMessage(interaction, in: message.campaignID, text: message.body)
        } catch {
            logger.warning("inbound \(messageID) not live: \(error)")
        }
        return outcome
    }
}
