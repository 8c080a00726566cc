import SwitchboardDomain

/// A deliberately simple model of one campaign (arrays and linear scans, no sharing, no sketches) that property tests
/// run side by side with `CampaignState` on the same random events.
public struct ReferenceCampaign {
    /// One interaction in the model.
    public struct Item: Equatable {
        /// Interaction id.
        public var id: Int64
        /// First enqueue, ms.
        public var enqueuedAt: Int64
        /// Phase.
        public var phase: InteractionPhase
        /// Holder.
        public var agent: Int64?
        /// Last take, ms.
        public var takenAt: Int64?
        /// Counted as answered.
        public var answered = false
        /// First response measured.
        public var replied = false
    }

    /// An agent in the model.
    public struct Agent: Equatable {
        /// Presence.
        public var presence: AgentSlot.Presence = .available
        /// Held interactions.
        public var active = 0
    }

    /// Every interaction ever seen.
    public var items: [Item] = []
    /// Waiting ids in queue order.
    public var queue: [Int64] = []
    /// Members.
    public var agents: [Int64: Agent]
    /// Maximum interactions per agent.
    public let maximum: Int
    /// T, short-abandon limit and maximum queue time, ms.
    public let serviceLevel: Int64, shortAbandon: Int64, maxQueue: Int64
    /// Today's counters, as in `IntervalCounters`.
    public var offered: Int64 = 0, answered: Int64 = 0, answeredWithinT: Int64 = 0, abandoned: Int64 = 0
    public var shortAbandoned: Int64 = 0, abandonedWithinT: Int64 = 0, closed: Int64 = 0, handleTime: Int64 = 0
    /// Today's sums, ms, and first responses.
    public var answerWait: Int64 = 0, abandonWait: Int64 = 0, firstResponses: Int64 = 0

    /// A model with these agents (all available) and settings in milliseconds.
    public init(agents: [Int64], maximum: Int, serviceLevel: Int64, shortAbandon: Int64, maxQueue: Int64) {
        self.agents = Dictionary(uniqueKeysWithValues: agents.map { ($0, Agent()) })
        self.maximum = maximum
        self.serviceLevel = serviceLevel
        self.shortAbandon = shortAbandon
        self.maxQueue = maxQueue
    }

    private func index(_ id: Int64) -> Int? { items.firstIndex { $0.id == id && ($0.phase == .queued || $0.phase == .active) } }

    /// Enqueue; nil or the expected refusal.
    public mutating func enqueue(_ id: Int64, now: Int64) -> DomainError? {
        if index(id) != nil { return .duplicateInteraction }
        items.append(Item(id: id, enqueuedAt: now, phase: .queued))
        queue.append(id)
        offered += 1
        return nil
    }

    /// Take; nil or the expected refusal.
    public mutating func take(_ id: Int64, agent: Int64, now: Int64) -> DomainError? {
        guard let a = agents[agent] else { return .notMember }
        guard let i = index(id) else { return .unknownInteraction(InteractionID(id)) }
        guard items[i].phase == .queued else { return .alreadyTaken }
        switch a.presence {
        case .offline: return .offline
        case .paused: return .paused
        case .available: if a.active >= maximum { return .atMaximum }
        }
        agents[agent]!.active += 1
        queue.removeAll { $0 == id }
        items[i].phase = .active
        items[i].agent = agent
        items[i].takenAt = now
        if !items[i].answered {
            items[i].answered = true
            let wait = now - items[i].enqueuedAt
            answered += 1
            if wait <= serviceLevel { answeredWithinT += 1 }
            answerWait += wait
        }
        return nil
    }

    /// Agent message; nil or the expected refusal.
    public mutating func agentMessage(_ id: Int64, agent: Int64) -> DomainError? {
        guard let i = index(id) else { return .unknownInteraction(InteractionID(id)) }
        guard items[i].agent == agent else { return .notYours }
        guard items[i].phase == .active else { return .invalidPhase(items[i].phase) }
        if !items[i].replied { items[i].replied = true; firstResponses += 1 }
        return nil
    }

    /// Close; nil or the expected refusal.
    public mutating func close(_ id: Int64, agent: Int64, now: Int64) -> DomainError? {
        guard let i = index(id) else { return .unknownInteraction(InteractionID(id)) }
        guard items[i].agent == agent else { return .notYours }
        guard items[i].phase == .active else { return .invalidPhase(items[i].phase) }
        finish(i, now: now)
        return nil
    }

    private mutating func finish(_ i: Int, now: Int64) {
        closed += 1
        handleTime += now - items[i].takenAt!
        agents[items[i].agent!]!.active -= 1
        items[i].phase = .closed
    }

    /// Customer gone; nil or the expected refusal.
    public mutating func customerGone(_ id: Int64, now: Int64) -> DomainError? {
        guard let i = index(id) else { return .unknownInteraction(InteractionID(id)) }
        if items[i].phase == .active { finish(i, now: now); return nil }
        abandon(i, now: now)
        return nil
    }

    private mutating func abandon(_ i: Int, now: Int64) {
        queue.removeAll { $0 == items[i].id }
        items[i].phase = .abandoned
        guard !items[i].answered else { return }
        let wait = now - items[i].enqueuedAt
        abandoned += 1
        if wait <= shortAbandon { shortAbandoned += 1 }
        if wait <= serviceLevel { abandonedWithinT += 1 }
        abandonWait += wait
    }

    /// Disconnect: offline, and what it held goes to the head of the queue, oldest enqueue first.
    public mutating func disconnect(_ agent: Int64) {
        agents[agent]!.presence = .offline
        let held = items.indices.filter { items[$0].agent == agent && items[$0].phase == .active }
            .sorted { (items[$0].enqueuedAt, items[$0].id) < (items[$1].enqueuedAt, items[$1].id) }
        for i in held {
            items[i].phase = .queued
            items[i].agent = nil
            agents[agent]!.active -= 1
        }
        queue = held.map { items[$0].id } + queue
    }

    /// Queue timeouts.
    public mutating func tick(now: Int64) {
        for id in queue {
            let i = index(id)!
            if now - items[i].enqueuedAt >= maxQueue { abandon(i, now: now) }
        }
    }
}
