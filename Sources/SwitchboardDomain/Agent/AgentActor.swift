/// The actor around one `AgentState`: presence, chat and screen; publications to the hub, effects to the sink.
public actor AgentActor {
    /// The agent.
    public nonisolated let id: AgentID
    /// Its shared slot (campaigns reserve there).
    public nonisolated let slot: AgentSlot
    private var state: AgentState
    private var out: [AgentState.Output] = []
    private let hub: LiveHub
    private let effects: any DomainEffectSink
    private let clock: any WallClock

    /// Creates the actor.
    public init(state: AgentState, hub: LiveHub, effects: any DomainEffectSink, clock: any WallClock) {
        self.id = state.id
        self.slot = state.slot
        self.state = state
        self.hub = hub
        self.effects = effects
        self.clock = clock
    }

    private func drain() {
        for output in out {
            switch output {
            case .publish(let payload, let topic, let policy): hub.publish(payload, on: topic, policy: policy)
            case .effect(let effect): effects.perform(effect)
            case .retire(let topic): hub.retire(topic)
            case .agentFigures: break   // counted by campaigns, not by the agent's own state
            }
        }
        out.removeAll(keepingCapacity: true)
    }

    /// Logs in.
    public func login() {
        defer { drain() }
        state.login(now: clock.now(), into: &out)
    }

    /// Logs out.
    public func logout() throws(DomainError) {
        defer { drain() }
        try state.logout(now: clock.now(), into: &out)
    }

    /// Pauses.
    public func pause(reason: String) throws(DomainError) {
        defer { drain() }
        try state.pause(reason: reason, now: clock.now(), into: &out)
    }

    /// Resumes.
    public func resume() throws(DomainError) {
        defer { drain() }
        try state.resume(now: clock.now(), into: &out)
    }

    /// Disconnects (offline, revoke, close); returns the epoch campaigns requeue against.
    public func disconnect() -> UInt32 {
        defer { drain() }
        return state.disconnect(now: clock.now(), into: &out)
    }

    /// Appends a chat line.
    @discardableResult
    public func chat(_ text: String, from author: ChatAuthor) throws(DomainError) -> ChatLine {
        defer { drain() }
        return try state.chat(text, from: author, now: clock.now(), into: &out)
    }

    /// Starts screen monitoring.
    public func startScreen(watcher: UserID) throws(DomainError) {
        defer { drain() }
        try state.startScreen(watcher: watcher, into: &out)
    }

    /// Stops screen monitoring.
    public func stopScreen(watcher: UserID) {
        defer { drain() }
        state.stopScreen(watcher: watcher, into: &out)
    }

    /// The page's workspace update.
    public func updateScreen(_ screen: ScreenState) {
        defer { drain() }
        state.updateScreen(screen, into: &out)
    }

    /// Changes memberships.
    public func setCampaigns(_ campaigns: [CampaignID: Int]) {
        state.setCampaigns(campaigns)
        hub.stageAgent(id, name: state.name, campaigns: state.campaigns, presence: state.presencePayload)
    }
    /// Changes the monitor-screen flag.
    public func setMonitorScreen(_ on: Bool) { state.monitorScreen = on }
    /// See `AgentState.scheduleReset`.
    public func scheduleReset(at midnight: Timestamp?) { state.scheduleReset(at: midnight) }
    /// See `AgentState.startDay`.
    public func startDay(at midnight: Timestamp, nextMidnight: Timestamp?) { state.startDay(at: midnight, nextMidnight: nextMidnight) }

    // MARK: - Replay

    /// See `AgentState.beginReplay`.
    public func beginReplay(from start: Timestamp, dayEndsAt midnight: Timestamp?) { state.beginReplay(from: start, dayEndsAt: midnight) }

    /// Sets a recorded presence at its instant (see `AgentState.restore`).
    public func restore(_ presence: AgentSlot.Presence, reason: String, at instant: Timestamp) {
        defer { drain() }
        state.restore(presence, reason: reason, now: instant, into: &out)
    }

    /// Publishes the current presence (busy ↔ available moves with takes and closes).
    public func publishPresence() { hub.publish(.presence(state.presencePayload), on: .agent(id), policy: .latestState) }

    /// The agent's campaigns and their maxima.
    public var campaigns: [CampaignID: Int] { state.campaigns }
    /// The state as shown.
    public var status: AgentStatus { state.status }
    /// The presence payload.
    public var presence: AgentPresence { state.presencePayload }
    /// Whether screen monitoring is allowed.
    public var monitorScreen: Bool { state.monitorScreen }
    /// The display name.
    public var name: String { state.name }
    /// Recent chat.
    public var chatLines: [ChatLine] { state.chat }
    /// Logged-in ms today.
    public func loggedInToday() -> Int64 { state.loggedIn(at: clock.now()) }
    /// Paused ms today by reason (closed stretches).
    public func pausedToday() -> [String: Int64] { state.paused(at: clock.now()) }
    /// When its "today" ends.
    public var nextMidnight: Timestamp? { state.nextMidnight }

    /// An `agent:<id>` snapshot.
    public func presenceSnapshot() -> Publication { hub.snapshot(.presence(state.presencePayload), on: .agent(id), policy: .latestState) }
    /// A `chat:<id>` snapshot.
    public func chatSnapshot() -> Publication { hub.snapshot(.chatHistory(id, state.chat), on: .chat(id), policy: .lossless) }
    /// A `screen:<id>` snapshot (the last workspace state, if any).
    public func screenSnapshot() -> Publication? {
        guard let screen = state.screen else { return nil }
        return hub.snapshot(.screen(screen), on: .screen(id), policy: .latestState)
    }
}
