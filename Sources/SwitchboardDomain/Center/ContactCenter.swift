/// The domain's front door for the server: finds the actors, runs the flows that touch several of them (take,
/// disconnect, supervisor actions), authorises each supervisor action against the `Caller` and audits it.
public final class ContactCenter: Sendable {
    /// Actor lookup.
    public let directory: Directory
    /// The live-update hub.
    public let hub: LiveHub
    private let effects: any DomainEffectSink
    private let clock: any WallClock

    /// Creates an empty contact center.
    /// - Parameters:
    ///   - hub: where publications go.
    ///   - effects: where effects go.
    ///   - clock: the source of "now".
    public init(hub: LiveHub, effects: any DomainEffectSink, clock: any WallClock) {
        self.directory = Directory()
        self.hub = hub
        self.effects = effects
        self.clock = clock
    }

    // MARK: - Configuration

    /// Adds an agent (offline) or updates its name and monitor-screen flag.
    public func addAgent(_ id: AgentID, name: String, monitorScreen: Bool = false) async {
        if let existing = directory.agent(id) {
            await existing.setMonitorScreen(monitorScreen)
            return
        }
        let state = AgentState(id: id, name: name, monitorScreen: monitorScreen, campaigns: [:], slot: AgentSlot(agent: id),
                               now: clock.now())
        directory.register(AgentActor(state: state, hub: hub, effects: effects, clock: clock))
        for campaign in directory.campaigns where await campaign.configuration.members.contains(id) {
            await configure(campaign.configuration)
        }
    }

    /// Creates or reconfigures a campaign; members' memberships follow.
    public func configure(_ configuration: CampaignConfiguration) async {
        let slots = directory.slots(for: configuration.members)
        var previous: Set<AgentID> = []
        if let actor = directory.campaign(configuration.id) {
            previous = await actor.configuration.members
            await actor.reconfigure(configuration, slots: slots)
        } else {
            directory.register(CampaignActor(state: CampaignState(configuration: configuration, slots: slots), hub: hub,
                                             effects: effects, clock: clock))
        }
        for agentID in previous.union(configuration.members) {
            guard let agent = directory.agent(agentID) else { continue }
            var memberships = await agent.campaigns
            memberships[configuration.id] = configuration.members.contains(agentID) ? configuration.maxInteractionsPerAgent : nil
            await agent.setCampaigns(memberships)
            await agent.scheduleReset(at: await dayEnd(of: agent))
        }
    }

    /// When an agent's day ends: the earliest next midnight among its campaigns (each campaign's day restarts its
    /// members' time figures).
    private func dayEnd(of agent: AgentActor) async -> Timestamp? {
        var next: Timestamp?
        for id in await agent.campaigns.keys {
            guard let midnight = await directory.campaign(id)?.nextMidnight else { continue }
            next = min(next ?? midnight, midnight)
        }
        return next
    }

    func campaign(_ id: CampaignID) throws(DomainError) -> CampaignActor {
        guard let actor = directory.campaign(id) else { throw .unknownCampaign(id) }
        return actor
    }

    func agent(_ id: AgentID) throws(DomainError) -> AgentActor {
        guard let actor = directory.agent(id) else { throw .unknownAgent(id) }
        return actor
    }

    // MARK: - Customer side

    /// A new conversation enters a campaign's queue.
    /// - Parameter enqueuedAt: when it entered (the instant the store recorded; now when nil).
    public func enqueue(_ interaction: InteractionID, in campaign: CampaignID, customer: String, at enqueuedAt: Timestamp? = nil)
        async throws(DomainError) {
        try await self.campaign(campaign).enqueue(interaction, customer: customer, at: enqueuedAt)
    }

    /// A customer message for an open interaction (with its stored id and media, when it has them).
    public func customerMessage(_ interaction: InteractionID, in campaign: CampaignID, text: String, messageID: Int64? = nil,
                                media: LineMedia? = nil) async throws(DomainError) {
        try await self.campaign(campaign).customerMessage(interaction, text: text, messageID: messageID, media: media)
    }

    /// The customer left.
    public func customerGone(_ interaction: InteractionID, in campaign: CampaignID) async throws(DomainError) {
        try await self.campaign(campaign).customerGone(interaction)
    }

    // MARK: - Agent side

    /// Logs an agent in.
    public func login(_ agent: AgentID) async throws(DomainError) { try await self.agent(agent).login() }

    /// Logs an agent out (refused while it holds interactions).
    public func logout(_ agent: AgentID) async throws(DomainError) { try await self.agent(agent).logout() }

    /// The waiting list of every campaign the agent belongs to, oldest first.
    public func waitingList(for agent: AgentID) async throws(DomainError) -> [WaitingEntry] {
        var list: [WaitingEntry] = []
        for id in try await self.agent(agent).campaigns.keys.sorted() {
            if let actor = directory.campaign(id) { list += await actor.waitingList() }
        }
        return list.sorted { ($0.enqueuedAt, $0.interaction) < ($1.enqueuedAt, $1.interaction) }
    }

    /// The agent takes an interaction (or accepts an auto-assign offer).
    @discardableResult
    public func take(_ interaction: InteractionID, in campaign: CampaignID, by agent: AgentID) async throws(DomainError)
        -> InteractionView {
        let actor = try self.agent(agent)
        let view = try await self.campaign(campaign).take(interaction, agent: agent)
        await actor.publishPresence()
        return view
    }

    /// The agent starts an outgoing conversation (recorded first: `interaction` is the store's id).
    @discardableResult
    public func startOutgoing(_ interaction: InteractionID, in campaign: CampaignID, customer: String, by agent: AgentID)
        async throws(DomainError) -> InteractionView {
        let actor = try self.agent(agent)
        let view = try await self.campaign(campaign).startOutgoing(interaction, customer: customer, agent: agent)
        await actor.publishPresence()
        return view
    }

    /// The agent turns down an auto-assign offer.
    public func decline(_ interaction: InteractionID, in campaign: CampaignID, by agent: AgentID) async throws(DomainError) {
        try await self.campaign(campaign).decline(interaction, agent: agent)
    }

    /// The agent sends a message.
    /// - Returns: its transcript line (record the message at the line's instant: first response is measured to it).
    @discardableResult
    public func send(_ text: String, on interaction: InteractionID, in campaign: CampaignID, by agent: AgentID)
        async throws(DomainError) -> TranscriptLine {
        guard !text.isEmpty else { throw .invalidText }
        return try await self.campaign(campaign).agentMessage(interaction, agent: agent, text: text)
    }

    /// An agent message's delivery state moved on (committed by the store): shown to the agent and the spies.
    public func delivery(_ update: DeliveryUpdate) async {
        await directory.campaign(update.campaign)?.delivery(update)
    }

    /// The agent's draft changed.
    public func typing(_ draft: String, on interaction: InteractionID, in campaign: CampaignID, by agent: AgentID)
        async throws(DomainError) {
        try await self.campaign(campaign).typing(interaction, agent: agent, draft: draft)
    }

    /// The agent closes an interaction, optionally with a subject and a disposition (stored with it).
    public func close(_ interaction: InteractionID, in campaign: CampaignID, by agent: AgentID, subject: String? = nil,
                      disposition: String? = nil) async throws(DomainError) {
        let actor = try self.agent(agent)
        try await self.campaign(campaign).close(interaction, agent: agent, subject: subject, disposition: disposition)
        await actor.publishPresence()
    }

    /// The agent pauses or resumes itself.
    public func setPaused(_ agent: AgentID, reason: String?) async throws(DomainError) {
        let actor = try self.agent(agent)
        if let reason { try await actor.pause(reason: reason) } else { try await actor.resume() }
    }

    /// The agent writes to its supervisors.
    @discardableResult
    public func agentChat(_ agent: AgentID, text: String) async throws(DomainError) -> ChatLine {
        try await self.agent(agent).chat(text, from: .agent)
    }

    /// The agent page's workspace (published only while monitored and allowed).
    public func updateScreen(_ screen: ScreenState) async throws(DomainError) {
        try await self.agent(screen.agent).updateScreen(screen)
    }

    /// Where an agent may look up the history of an interaction it holds: its customer's number and the agent's
    /// campaigns (DECISIONS: earlier interactions of the same number in the agent's campaigns).
    /// - Throws: `unknownAgent`, `unknownCampaign`, `unknownInteraction`, `notYours` (held by someone else, or waiting).
    public func historyScope(of interaction: InteractionID, in campaign: CampaignID, for agent: AgentID) async throws(DomainError)
        -> (customer: String, campaigns: Set<CampaignID>) {
        let actor = try self.agent(agent)
        let held = try self.campaign(campaign)
        guard let view = await held.view(of: interaction) else { throw .unknownInteraction(interaction) }
        guard view.agent == agent, view.phase == .active || view.phase == .reserved else { throw .notYours }
        return (view.customer, Set(await actor.campaigns.keys))
    }

    /// The agent's inbox snapshot: what it holds in every campaign.
    public func inboxSnapshot(for agent: AgentID) async throws(DomainError) -> Publication {
        // Stamp first: anything later arrives as a delta too, and inbox deltas are idempotent (by interaction and index).
        let seq = hub.currentSeq(of: .inbox(agent))
        var views: [InteractionView] = []
        for id in try await self.agent(agent).campaigns.keys.sorted() {
            if let actor = directory.campaign(id) { views += await actor.interactions(of: agent) }
        }
        return Publication(topic: .inbox(agent), seq: seq, kind: .snapshot, policy: .lossless, payload: .inbox(agent, views))
    }

    // MARK: - Supervisor actions

    private func supervised(_ caller: Caller, _ agent: AgentID) async throws(DomainError) -> AgentActor {
        let actor = try self.agent(agent)
        guard caller.maySupervise(agentIn: await actor.campaigns.keys) else { throw .forbidden }
        return actor
    }

    private func audit(_ caller: Caller, _ action: SupervisorAction, _ agent: AgentID, interaction: InteractionID? = nil,
                       detail: String = "") {
        effects.perform(.audit(AuditEntry(actor: caller.user, action: action, agent: agent, interaction: interaction,
                                          detail: detail, at: clock.now())))
    }

    /// Spy: the interaction's snapshot (transcript + draft); the server then subscribes the caller to its topic.
    public func spy(_ caller: Caller, on interaction: InteractionID, in campaign: CampaignID) async throws(DomainError)
        -> Publication {
        guard caller.maySupervise(campaign: campaign) else { throw .forbidden }
        guard let snapshot = try await self.campaign(campaign).interactionSnapshot(interaction) else {
            throw .unknownInteraction(interaction)
        }
        if case .interaction(let view) = snapshot.payload, let agent = view.agent {
            audit(caller, .spy, agent, interaction: interaction)
        } else {
            audit(caller, .spy, AgentID(0), interaction: interaction, detail: "waiting")
        }
        return snapshot
    }

    /// Stop spying (audited).
    public func unspy(_ caller: Caller, on interaction: InteractionID, in campaign: CampaignID, agent: AgentID?)
        async throws(DomainError) {
        guard caller.maySupervise(campaign: campaign) else { throw .forbidden }
        audit(caller, .unspy, agent ?? AgentID(0), interaction: interaction)
    }

    /// Monitor screen: only when the agent's flag is on; returns the last workspace state if any.
    public func screenStart(_ caller: Caller, agent: AgentID) async throws(DomainError) -> Publication? {
        let actor = try await supervised(caller, agent)
        try await actor.startScreen(watcher: caller.user)
        audit(caller, .screenStart, agent)
        return await actor.screenSnapshot()
    }

    /// Stop monitoring the screen.
    public func screenStop(_ caller: Caller, agent: AgentID) async throws(DomainError) {
        let actor = try await supervised(caller, agent)
        await actor.stopScreen(watcher: caller.user)
        audit(caller, .screenStop, agent)
    }

    /// Info: state, today's figures, what it holds.
    public func info(_ caller: Caller, agent: AgentID) async throws(DomainError) -> AgentInfo {
        let actor = try await supervised(caller, agent)
        let campaigns = await actor.campaigns.keys.sorted()
        var figures = AgentFigures(), views: [InteractionView] = []
        for id in campaigns {
            guard let c = directory.campaign(id) else { continue }
            figures.add(await c.agentFigures(agent))
            views += await c.interactions(of: agent)
        }
        audit(caller, .info, agent)
        return AgentInfo(agent: agent, name: await actor.name, presence: await actor.presence, today: figures,
                         loggedInMilliseconds: await actor.loggedInToday(), pausedMilliseconds: await actor.pausedToday(),
                         campaigns: campaigns, interactions: views, monitorScreen: await actor.monitorScreen)
    }

    /// Pause an agent: no new interactions, the active ones go on.
    public func pause(_ caller: Caller, agent: AgentID, reason: String) async throws(DomainError) {
        let actor = try await supervised(caller, agent)
        try await actor.pause(reason: reason)
        audit(caller, .pause, agent, detail: reason)
    }

    /// Resume a paused agent.
    public func resume(_ caller: Caller, agent: AgentID) async throws(DomainError) {
        let actor = try await supervised(caller, agent)
        try await actor.resume()
        audit(caller, .resume, agent)
    }

    /// Write to an agent.
    @discardableResult
    public func chat(_ caller: Caller, agent: AgentID, text: String) async throws(DomainError) -> ChatLine {
        let actor = try await supervised(caller, agent)
        let line = try await actor.chat(text, from: .supervisor(caller.user))
        audit(caller, .chat, agent)
        return line
    }

    /// Disconnect: sessions revoked and sockets closed (effects), offline, its interactions back at the head of their
    /// queues keeping their enqueue time. Returns how many were requeued.
    @discardableResult
    public func disconnect(_ caller: Caller, agent: AgentID) async throws(DomainError) -> Int {
        let actor = try await supervised(caller, agent)
        let epoch = await actor.disconnect()
        var requeued = 0
        for id in await actor.campaigns.keys.sorted() {
            if let c = directory.campaign(id) { requeued += await c.requeueAll(of: agent, before: epoch) }
        }
        await actor.publishPresence()
        audit(caller, .disconnect, agent, detail: "requeued \(requeued)")
        return requeued
    }

    // MARK: - Subscriptions

    /// Whether `caller` may subscribe to `topic` (interaction topics go through `spy`, or `inbox` for its agent).
    public func mayRead(_ caller: Caller, _ topic: Topic) async -> Bool {
        // A kiosk reads its campaigns' figures on the wallboard (the server narrows it to them) and nothing else.
        if caller.role == .kiosk { return topic == .wallboard }
        switch topic {
        case .wallboard: return caller.role != .agent
        case .campaign(let c):
            if caller.role == .agent { return await directory.campaign(c)?.isMember(caller.user) ?? false }
            return caller.maySupervise(campaign: c)
        case .agent(let a), .screen(let a), .inbox(let a), .chat(let a):
            if caller.role == .agent { return caller.user == a && topic != .screen(a) }
            guard let actor = directory.agent(a) else { return false }
            return caller.maySupervise(agentIn: await actor.campaigns.keys)
        case .interaction: return false
        }
    }

    /// A fresh snapshot of a topic (after `mayRead`); nil for an unknown subject.
    /// - Parameters:
    ///   - topic: the topic.
    ///   - campaign: the interaction's campaign, for interaction topics.
    public func snapshot(of topic: Topic, campaign: CampaignID? = nil) async -> Publication? {
        switch topic {
        case .wallboard: return hub.wallboardSnapshot()
        case .campaign(let c): return await directory.campaign(c)?.campaignSnapshot()
        case .agent(let a): return await directory.agent(a)?.presenceSnapshot()
        case .chat(let a): return await directory.agent(a)?.chatSnapshot()
        case .screen(let a): return await directory.agent(a)?.screenSnapshot()
        case .inbox(let a): return try? await inboxSnapshot(for: a)
        case .interaction(let i):
            guard let campaign else { return nil }
            return await directory.campaign(campaign)?.interactionSnapshot(i)
        }
    }

    /// Resume after a reconnect: replay from the ring, or nil when a snapshot is needed (then call `snapshot`).
    public func resume(_ topic: Topic, after lastSeq: UInt64) -> LiveHub.Resume { hub.resume(topic, after: lastSeq) }

    // MARK: - Timers

    /// Timer work of every campaign (every second): midnight, timeouts, thresholds.
    public func tick() async {
        for campaign in directory.campaigns { await campaign.tick() }
    }

    /// Coalesced publication (every 100 ms): dirty campaigns' figures, then one wallboard delta if the interval passed.
    public func flush() async {
        let now = clock.now()
        for campaign in directory.campaigns { await campaign.flush(now: now) }
        hub.flushWallboard(now: now)
    }

    /// The campaign's day that began at `midnight` is today (the server's midnight timer, a new campaign, the end of
    /// the rebuild): its figures and its members' time figures start over unless that day already started. An
    /// agent's day ends at the earliest next midnight among its campaigns.
    /// - Parameters:
    ///   - campaign: the campaign.
    ///   - midnight: its last local midnight.
    ///   - nextMidnight: its next one.
    public func startDay(_ campaign: CampaignID, at midnight: Timestamp, nextMidnight: Timestamp) async throws(DomainError) {
        let actor = try self.campaign(campaign)
        await actor.startDay(at: midnight, nextMidnight: nextMidnight)
        for member in await actor.configuration.members.sorted() {
            guard let agent = directory.agent(member) else { continue }
            await agent.startDay(at: midnight, nextMidnight: await dayEnd(of: agent))
        }
    }
}
