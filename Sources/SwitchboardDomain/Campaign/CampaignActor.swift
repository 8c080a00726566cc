/// The actor around one `CampaignState`: every method is synchronous inside (no suspension while the state is half
/// changed); publications go to the hub, effects to the server's sink, in the order the state produced them.
public actor CampaignActor {
    /// The campaign.
    public nonisolated let id: CampaignID
    private var state: CampaignState
    private var out: [CampaignState.Output] = []
    /// The state's day when the wallboard's agent figures were last reset for it.
    private var dayGeneration: UInt32 = 0
    private let hub: LiveHub
    private let effects: any DomainEffectSink
    private let clock: any WallClock

    /// Creates the actor.
    /// - Parameters:
    ///   - state: the campaign's initial state.
    ///   - hub: where publications go.
    ///   - effects: where effects go.
    ///   - clock: the source of "now".
    public init(state: CampaignState, hub: LiveHub, effects: any DomainEffectSink, clock: any WallClock) {
        self.id = state.configuration.id
        self.state = state
        self.hub = hub
        self.effects = effects
        self.clock = clock
        out.reserveCapacity(64)
    }

    private func drain() {
        if state.dayGeneration != dayGeneration {
            dayGeneration = state.dayGeneration
            hub.resetAgentFigures(campaign: id)
        }
        for output in out {
            switch output {
            case .publish(let payload, let topic, let policy): hub.publish(payload, on: topic, policy: policy)
            case .effect(let effect): effects.perform(effect)
            case .retire(let topic): hub.retire(topic)
            case .agentFigures(let agent, let figures): hub.stageAgentFigures(agent, campaign: id, figures)
            }
        }
        out.removeAll(keepingCapacity: true)
    }

    /// See `CampaignState.enqueue`.
    /// - Parameter enqueuedAt: when it entered the queue (the instant the store recorded); now when nil.
    public func enqueue(_ interaction: InteractionID, customer: String, at enqueuedAt: Timestamp? = nil) throws(DomainError) {
        defer { drain() }
        try state.enqueue(interaction, customer: customer, now: enqueuedAt ?? clock.now(), into: &out)
    }

    /// See `CampaignState.take`.
    @discardableResult
    public func take(_ interaction: InteractionID, agent: AgentID) throws(DomainError) -> InteractionView {
        defer { drain() }
        return try state.take(interaction, agent: agent, now: clock.now(), into: &out)
    }

    /// See `CampaignState.startOutgoing`.
    @discardableResult
    public func startOutgoing(_ interaction: InteractionID, customer: String, agent: AgentID) throws(DomainError) -> InteractionView {
        defer { drain() }
        return try state.startOutgoing(interaction, customer: customer, agent: agent, now: clock.now(), into: &out)
    }

    /// See `CampaignState.decline`.
    public func decline(_ interaction: InteractionID, agent: AgentID) throws(DomainError) {
        defer { drain() }
        try state.decline(interaction, agent: agent, now: clock.now(), into: &out)
    }

    /// See `CampaignState.customerMessage`.
    public func customerMessage(_ interaction: InteractionID, text: String, messageID: Int64? = nil, media: LineMedia? = nil)
        throws(DomainError) {
        defer { drain() }
        try state.customerMessage(interaction, text: text, messageID: messageID, media: media, now: clock.now(), into: &out)
    }

    /// See `CampaignState.agentMessage`.
    @discardableResult
    public func agentMessage(_ interaction: InteractionID, agent: AgentID, text: String) throws(DomainError) -> TranscriptLine {
        defer { drain() }
        return try state.agentMessage(interaction, agent: agent, text: text, now: clock.now(), into: &out)
    }

    /// See `CampaignState.delivery`.
    public func delivery(_ update: DeliveryUpdate) {
        defer { drain() }
        state.delivery(update, into: &out)
    }

    /// See `CampaignState.typing`.
    public func typing(_ interaction: InteractionID, agent: AgentID, draft: String) throws(DomainError) {
        defer { drain() }
        try state.typing(interaction, agent: agent, draft: draft, into: &out)
    }

    /// See `CampaignState.close`.
    public func close(_ interaction: InteractionID, agent: AgentID, subject: String? = nil, disposition: String? = nil)
        throws(DomainError) {
        defer { drain() }
        try state.close(interaction, agent: agent, subject: subject, disposition: disposition, now: clock.now(), into: &out)
    }

    /// See `CampaignState.customerGone`.
    public func customerGone(_ interaction: InteractionID) throws(DomainError) {
        defer { drain() }
        try state.customerGone(interaction, now: clock.now(), into: &out)
    }

    /// Applies a batch of events at one instant; a refused event is skipped and counted.
    /// - Parameter events: the events, in order.
    /// - Returns: how many were applied (the rest were refused by the rules).
    @discardableResult
    public func apply(_ events: [CampaignEvent]) -> Int {
        let now = clock.now()
        var applied = 0
        for event in events {
            do throws(DomainError) {
                try run(event, now: now)
                applied += 1
            } catch {
                continue
            }
            if out.count >= 256 { drain() }
        }
        drain()
        return applied
    }

    private func run(_ event: CampaignEvent, now: Timestamp) throws(DomainError) {
        switch event {
        case .enqueue(let i, let customer): try state.enqueue(i, customer: customer, now: now, into: &out)
        case .take(let i, let agent): try state.take(i, agent: agent, now: now, into: &out)
        case .startOutgoing(let i, let customer, let agent): try state.startOutgoing(i, customer: customer, agent: agent, now: now, into: &out)
        case .customerMessage(let i, let text, let messageID, let media):
            try state.customerMessage(i, text: text, messageID: messageID, media: media, now: now, into: &out)
        case .agentMessage(let i, let agent, let text): try state.agentMessage(i, agent: agent, text: text, now: now, into: &out)
        case .typing(let i, let agent, let draft): try state.typing(i, agent: agent, draft: draft, into: &out)
        case .close(let i, let agent): try state.close(i, agent: agent, now: now, into: &out)
        case .customerGone(let i): try state.customerGone(i, now: now, into: &out)
        case .requeue(let i): try state.requeue(i, now: now, into: &out)
        }
    }

    // MARK: - Replay

    /// See `CampaignState.beginReplay`.
    public func beginReplay(dayEndsAt midnight: Timestamp) { state.beginReplay(dayEndsAt: midnight) }

    /// Applies one recorded event at its instant (the start-up rebuild).
    /// - Throws: what the state refuses (see `CampaignState.beginReplay` for the rules a replay skips).
    public func replay(_ event: CampaignEvent, at instant: Timestamp) throws(DomainError) {
        defer { drain() }
        try run(event, now: instant)
    }

    /// See `CampaignState.endReplay` (now is the clock's).
    @discardableResult
    public func endReplay() -> [InteractionID] {
        defer { drain() }
        return state.endReplay(now: clock.now(), into: &out)
    }

    /// See `CampaignState.requeueAll`.
    @discardableResult
    public func requeueAll(of agent: AgentID, before epoch: UInt32?) -> Int {
        defer { drain() }
        return state.requeueAll(of: agent, before: epoch, now: clock.now(), into: &out)
    }

    /// Timer work: midnight, queue timeouts, reservations, thresholds.
    public func tick() {
        defer { drain() }
        state.tick(now: clock.now(), into: &out)
    }

    /// Publishes coalesced figures (campaign topic, wallboard staging) if anything changed since the last flush.
    /// - Parameter now: the flush instant.
    public func flush(now: Timestamp) {
        guard state.dirty else { return }
        let figures = state.figures(now: now)
        hub.publish(.figures(figures), on: .campaign(id), policy: .latestState)
        hub.stageWallboard(figures)
        state.markPublished()
    }

    /// See `CampaignState.startDay`.
    public func startDay(at midnight: Timestamp, nextMidnight: Timestamp) {
        state.startDay(at: midnight, nextMidnight: nextMidnight)
    }

    /// When "today" ends.
    public var nextMidnight: Timestamp? { state.nextMidnight }

    /// Applies a new configuration.
    public func reconfigure(_ configuration: CampaignConfiguration, slots: [AgentID: AgentSlot]) {
        state.reconfigure(configuration, slots: slots)
    }

    /// The configuration in force.
    public var configuration: CampaignConfiguration { state.configuration }
    /// The waiting list.
    public func waitingList() -> [WaitingEntry] { state.waitingList() }
    /// Live figures now.
    public func figures(windowMinutes: Int? = nil) -> CampaignFigures { state.figures(now: clock.now(), windowMinutes: windowMinutes) }
    /// An open interaction.
    public func view(of interaction: InteractionID) -> InteractionView? { state.view(of: interaction) }
    /// What `agent` holds here.
    public func interactions(of agent: AgentID) -> [InteractionView] { state.interactions(of: agent) }
    /// `agent`'s figures here today.
    public func agentFigures(_ agent: AgentID) -> AgentFigures { state.agentFigures(agent) }
    /// Whether `agent` is a member.
    public func isMember(_ agent: AgentID) -> Bool { state.isMember(agent) }
    /// Open interactions.
    public var openCount: Int { state.openCount }
    /// Waiting interactions.
    public var waiting: Int { state.waiting }
    /// Today's counters.
    public var todayCounters: IntervalCounters { state.todayCounters }

    /// A `campaign:<id>` snapshot stamped consistently with this actor's deltas.
    public func campaignSnapshot() -> Publication {
        hub.snapshot(.campaign(state.figures(now: clock.now()), state.waitingList()), on: .campaign(id), policy: .latestState)
    }

    /// An `interaction:<id>` snapshot (spy), nil when not open here.
    public func interactionSnapshot(_ interaction: InteractionID) -> Publication? {
        guard let view = state.view(of: interaction) else { return nil }
        return hub.snapshot(.interaction(view), on: .interaction(interaction), policy: .lossless)
    }
}
