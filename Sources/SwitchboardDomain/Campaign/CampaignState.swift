import DequeModule

/// One campaign's whole state as a plain value (STYLE.md idiom 9): queue, owned interactions, configuration, live
/// statistics and threshold levels. Every command is a `mutating` method that appends what must happen next
/// (publications, effects) to an output buffer; `CampaignActor` is a thin shell around it.
public struct CampaignState: Sendable {
    /// What a command asks the shell to do.
    public enum Output: Sendable {
        /// Publish a delta on a topic.
        case publish(LivePayload, Topic, DeliveryPolicy)
        /// Hand an effect to the server.
        case effect(DomainEffect)
        /// Forget a topic (its interaction ended).
        case retire(Topic)
        /// An agent's figures of today here changed (for the wallboard's grid).
        case agentFigures(AgentID, AgentFigures)
    }

    /// A queue entry; stale when the interaction's `queueEpoch` moved on (taken from the middle, requeued).
    struct QueueEntry {
        let id: InteractionID
        let epoch: UInt32
    }

    /// An open interaction (queued, reserved or active); closed and abandoned ones leave (the store has them).
    struct Interaction {
        let id: InteractionID
        let customer: String
        let enqueuedAt: Timestamp
        var phase: InteractionPhase = .queued
        var agent: AgentID?
        var takenAt: Timestamp?
        var takenEpoch: UInt32 = 0
        var firstAgentReplyAt: Timestamp?
        var answered = false
        var requeued = false
        var reservedUntil: Timestamp?
        var queueEpoch: UInt32 = 0
        var transcript: [TranscriptLine] = []
        var messageCount = 0
        var draft = ""

        mutating func append(_ text: String, by author: MessageAuthor, now: Timestamp, messageID: Int64? = nil,
                             media: LineMedia? = nil) -> TranscriptLine {
            var line = TranscriptLine(interaction: id, index: messageCount, author: author, text: text, at: now, messageID: messageID,
                                      media: media)
            if case .agent = author { line.delivery = .pending }  // queued for the provider with the same commit
            messageCount += 1
            if transcript.count >= CampaignState.transcriptLimit { transcript.removeFirst(CampaignState.transcriptLimit / 2) }
            transcript.append(line)
            return line
        }
    }

    /// Lines kept per interaction for the spy snapshot (the store has the whole transcript).
    public static let transcriptLimit = 64

    /// The configuration in force.
    public private(set) var configuration: CampaignConfiguration
    private var slots: [AgentID: AgentSlot]
    private var queue = Deque<QueueEntry>()
    private var interactions: [InteractionID: Interaction] = [:]
    private var reservations: [InteractionID] = []
    /// Interactions queued now.
    public private(set) var waiting = 0
    private var today = IntervalCounters()
    private var rolling = RollingCounters()
    private var trend = TrendCounters()
    /// Moves at every new day: the actor then resets this campaign's part of the wallboard's agent figures.
    public private(set) var dayGeneration: UInt32 = 0
    private var agentToday: [AgentID: AgentFigures] = [:]
    /// Alert level of each watched figure after the last evaluation.
    public private(set) var levels = AlertLevels()
    /// When "today" ends (handed in by the server); the first event or `tick` at or past it starts the next day.
    public private(set) var nextMidnight: Timestamp?
    /// When the current "today" began (nil until the server hands in a day).
    public private(set) var dayStart: Timestamp?
    /// While set, the start-up rebuild replays the store: see `beginReplay`.
    public private(set) var replaying = false
    /// Whether figures changed since the last `markPublished`.
    public private(set) var dirty = true

    /// Creates a campaign.
    /// - Parameters:
    ///   - configuration: its settings.
    ///   - slots: the members' shared slots (an agent outside `configuration.members` is ignored).
    public init(configuration: CampaignConfiguration, slots: [AgentID: AgentSlot]) {
        self.configuration = configuration
        self.slots = slots.filter { configuration.members.contains($0.key) }
    }

    private var id: CampaignID { configuration.id }
    private var serviceLevelMs: Int64 { configuration.serviceLevelSeconds * 1000 }
    private var shortAbandonMs: Int64 { configuration.shortAbandonSeconds * 1000 }

    /// Open interactions (queued, reserved, active).
    public var openCount: Int { interactions.count }

    // MARK: - Configuration

    /// Applies a new configuration; the queue, the interactions and the figures stay.
    /// - Parameters:
    ///   - configuration: the new settings (same id).
    ///   - slots: the members' slots.
    public mutating func reconfigure(_ configuration: CampaignConfiguration, slots: [AgentID: AgentSlot]) {
        precondition(configuration.id == id, "a campaign keeps its id")
        self.configuration = configuration
        self.slots = slots.filter { configuration.members.contains($0.key) }
        dirty = true
    }

    /// Whether `agent` is a member.
    public func isMember(_ agent: AgentID) -> Bool { slots[agent] != nil }

    // MARK: - Queue

    /// A customer conversation enters the queue.
    /// - Parameters:
    ///   - interaction: its id (assigned by the store).
    ///   - customer: the customer's number.
    ///   - now: the current instant.
    ///   - out: receives publications and effects.
    /// - Throws: `campaignDisabled`, `duplicateInteraction`.
    public mutating func enqueue(_ interaction: InteractionID, customer: String, now: Timestamp, into out: inout [Output])
        throws(DomainError) {
        guard configuration.enabled || replaying else { throw .campaignDisabled }
        guard interactions[interaction] == nil else { throw .duplicateInteraction }
        let item = Interaction(id: interaction, customer: customer, enqueuedAt: now)
        interactions[interaction] = item
        queue.append(QueueEntry(id: interaction, epoch: 0))
        waiting += 1
        count(at: now) { $0.recordOffered() }
        dirty = true
        out.append(.publish(.queued(entry(item)), .campaign(id), .latestState))
        out.append(.effect(.recordInteraction(record(item, at: now))))
        if configuration.autoAssign && !replaying { autoAssign(now: now, into: &out) }
    }

    /// The waiting list agents see, oldest enqueue first within the queue's order (requeued ones at the head).
    public func waitingList() -> [WaitingEntry] {
        var list: [WaitingEntry] = []
        list.reserveCapacity(waiting)
        for e in queue {
            if let item = interactions[e.id], item.phase == .queued, item.queueEpoch == e.epoch { list.append(entry(item)) }
        }
        return list
    }

    /// An agent takes a waiting interaction (or accepts one reserved for it). Exactly one of several racing agents
    /// wins (the actor serialises takes); the maximum is enforced on the agent's shared slot.
    /// - Parameters:
    ///   - interaction: what to take.
    ///   - agent: who takes it.
    ///   - now: the current instant.
    ///   - out: receives publications and effects.
    /// - Returns: the interaction as the agent now sees it.
    /// - Throws: `notMember`, `unknownInteraction`, `alreadyTaken`, `atMaximum`, `paused`, `offline` (while
    ///   replaying, only `unknownInteraction` and `alreadyTaken`).
    @discardableResult
    public mutating func take(_ interaction: InteractionID, agent: AgentID, now: Timestamp, into out: inout [Output])
        throws(DomainError) -> InteractionView {
        let slot = slots[agent]
        if slot == nil && !replaying { throw .notMember }
        guard var item = interactions[interaction] else { throw .unknownInteraction(interaction) }
        let epoch: UInt32
        switch item.phase {
        case .queued:
            epoch = try holdSlot(slot)
            waiting -= 1
            out.append(.publish(.dequeued(interaction, .taken), .campaign(id), .latestState))
        case .reserved where item.agent == agent:
            epoch = item.takenEpoch
            reservations.removeAll { $0 == interaction }
        default:
            throw .alreadyTaken
        }
        item.phase = .active
        item.agent = agent
        item.takenAt = now
        item.takenEpoch = epoch
        item.reservedUntil = nil
        item.queueEpoch &+= 1
        if !item.answered {
            item.answered = true
            let wait = item.enqueuedAt.millisecondsUntil(now), t = serviceLevelMs
            count(at: now) { $0.recordAnswered(wait: wait, serviceLevel: t) }
        }
        interactions[interaction] = item
        popStaleHead()
        dirty = true
        let view = self.view(item)
        out.append(.publish(.phase(interaction, .active, agent: agent), .interaction(interaction), .lossless))
        out.append(.publish(.interaction(view), .inbox(agent), .lossless))
        out.append(.publish(.load(AgentLoad(agent: agent, active: slot?.active ?? 0, at: now)), .agent(agent), .latestState))
        out.append(.effect(.recordInteraction(record(item, at: now))))
        return view
    }

    /// Takes one of the agent's slots for an interaction it now holds, and returns the slot's epoch.
    /// - Throws: `atMaximum`, `paused`, `offline` (never while replaying: the rules admitted it when it happened;
    ///   presence and maximum may say otherwise now).
    private func holdSlot(_ slot: AgentSlot?) throws(DomainError) -> UInt32 {
        guard let slot, !replaying else { return slot?.restore().epoch ?? 0 }
        switch slot.reserve(maximum: configuration.maxInteractionsPerAgent) {
        case .success(let grant): return grant.epoch
        case .failure(.atMaximum): throw .atMaximum
        case .failure(.paused): throw .paused
        case .failure(.offline): throw .offline
        }
    }

    /// An agent starts a conversation to a customer (an outgoing interaction): active at once and held by the agent,
    /// never queued, so it is not counted in offered, answered (ASA, service level) or abandoned; its close counts
    /// in handled and handling time like any other (DECISIONS.md).
    /// - Throws: `notMember`, `campaignDisabled`, `duplicateInteraction`, `atMaximum`, `paused`, `offline` (while
    ///   replaying, only `duplicateInteraction`).
    @discardableResult
    public mutating func startOutgoing(_ interaction: InteractionID, customer: String, agent: AgentID, now: Timestamp,
                                       into out: inout [Output]) throws(DomainError) -> InteractionView {
        let slot = slots[agent]
        if slot == nil && !replaying { throw .notMember }
        guard configuration.enabled || replaying else { throw .campaignDisabled }
        guard interactions[interaction] == nil else { throw .duplicateInteraction }
        let epoch = try holdSlot(slot)
        var item = Interaction(id: interaction, customer: customer, enqueuedAt: now)
        item.phase = .active
        item.agent = agent
        item.takenAt = now
        item.takenEpoch = epoch
        item.answered = true   // nobody waited: no answer to count
        interactions[interaction] = item
        dirty = true
        let view = self.view(item)
        out.append(.publish(.phase(interaction, .active, agent: agent), .interaction(interaction), .lossless))
        out.append(.publish(.interaction(view), .inbox(agent), .lossless))
        out.append(.publish(.load(AgentLoad(agent: agent, active: slot?.active ?? 0, at: now)), .agent(agent), .latestState))
        out.append(.effect(.recordInteraction(record(item, at: now))))
        return view
    }

    /// An agent turns down an interaction auto-assign reserved for it; it goes back to the head of the queue.
    /// - Throws: `unknownInteraction`, `notYours`.
    public mutating func decline(_ interaction: InteractionID, agent: AgentID, now: Timestamp, into out: inout [Output])
        throws(DomainError) {
        guard let item = interactions[interaction] else { throw .unknownInteraction(interaction) }
        guard item.phase == .reserved, item.agent == agent else { throw .notYours }
        unreserve(interaction, now: now, into: &out)
    }

    // MARK: - Messages

    /// A customer wrote (queued, reserved or active interactions); `messageID` and `media` go with the line.
    /// - Throws: `unknownInteraction` when it is not open here (the server then opens a new one).
    public mutating func customerMessage(_ interaction: InteractionID, text: String, messageID: Int64? = nil, media: LineMedia? = nil,
                                         now: Timestamp, into out: inout [Output]) throws(DomainError) {
        // Index-based access mutates the stored interaction in place (no copy of its transcript).
        guard let i = interactions.index(forKey: interaction) else { throw .unknownInteraction(interaction) }
        let agent = interactions.values[i].agent, phase = interactions.values[i].phase
        let line = interactions.values[i].append(text, by: .customer, now: now, messageID: messageID, media: media)
        out.append(.publish(.message(line), .interaction(interaction), .lossless))
        if let agent, phase == .active { out.append(.publish(.message(line), .inbox(agent), .lossless)) }
    }

    /// The agent holding an interaction wrote; its first reply sets the first response time.
    /// - Returns: the transcript line (its instant is the one the store records for the message).
    /// - Throws: `unknownInteraction`, `notYours`, `invalidPhase`.
    @discardableResult
    public mutating func agentMessage(_ interaction: InteractionID, agent: AgentID, text: String, now: Timestamp,
                                      into out: inout [Output]) throws(DomainError) -> TranscriptLine {
        guard let i = interactions.index(forKey: interaction) else { throw .unknownInteraction(interaction) }
        guard interactions.values[i].agent == agent else { throw .notYours }
        let phase = interactions.values[i].phase
        guard phase == .active else { throw .invalidPhase(phase) }
        let line = interactions.values[i].append(text, by: .agent(agent), now: now)
        if interactions.values[i].firstAgentReplyAt == nil, let takenAt = interactions.values[i].takenAt {
            interactions.values[i].firstAgentReplyAt = now
            let delay = takenAt.millisecondsUntil(now)
            count(at: now) { $0.recordFirstResponse(delay: delay) }
            if isToday(now) {
                agentToday[agent, default: AgentFigures()].recordFirstResponse(delay: delay)
                out.append(.agentFigures(agent, agentToday[agent]!))
            }
            dirty = true
        }
        if !interactions.values[i].draft.isEmpty { interactions.values[i].draft = "" }
        out.append(.publish(.message(line), .interaction(interaction), .lossless))
        out.append(.publish(.message(line), .inbox(agent), .lossless))
        return line
    }

    /// An agent message's delivery state moved on (the provider's answer or a status callback, already committed): the
    /// line keeps it for later snapshots, the spies and the writer's inbox hear of it. An interaction this campaign no
    /// longer holds changes nothing here (its recording has the state).
    public mutating func delivery(_ update: DeliveryUpdate, into out: inout [Output]) {
        guard let i = interactions.index(forKey: update.interaction) else { return }
        if let at = interactions.values[i].transcript.firstIndex(where: { $0.index == update.index }) {
            interactions.values[i].transcript[at].delivery = update.state
            interactions.values[i].transcript[at].deliveryReason = update.reason
        }
        out.append(.publish(.delivery(update), .interaction(update.interaction), .lossless))
        if let agent = update.agent ?? interactions.values[i].agent {
            out.append(.publish(.delivery(update), .inbox(agent), .lossless))
        }
    }

    /// The agent's draft changed (typing indicator for spies); latest-state.
    /// - Throws: `unknownInteraction`, `notYours`.
    public mutating func typing(_ interaction: InteractionID, agent: AgentID, draft: String, into out: inout [Output])
        throws(DomainError) {
        guard let item = interactions[interaction] else { throw .unknownInteraction(interaction) }
        guard item.agent == agent, item.phase == .active else { throw .notYours }
        interactions[interaction]!.draft = draft
        out.append(.publish(.typing(interaction, draft: draft), .interaction(interaction), .latestState))
    }

    // MARK: - Ending

    /// The agent closes its interaction (AHT runs from its last take).
    /// - Parameters:
    ///   - subject: what the agent says it was about (recordings search by it); nil keeps the automatic subject.
    ///   - disposition: the outcome the agent chose from the campaign's list.
    /// - Throws: `unknownInteraction`, `notYours`, `invalidPhase`.
    public mutating func close(_ interaction: InteractionID, agent: AgentID, subject: String? = nil, disposition: String? = nil,
                               now: Timestamp, into out: inout [Output]) throws(DomainError) {
        guard let item = interactions[interaction] else { throw .unknownInteraction(interaction) }
        guard item.agent == agent else { throw .notYours }
        guard item.phase == .active else { throw .invalidPhase(item.phase) }
        finish(item, subject: subject, disposition: disposition, now: now, into: &out)
    }

    /// The customer left (or the provider ended the conversation): a waiting one is abandoned, an active one closed.
    /// - Throws: `unknownInteraction`.
    public mutating func customerGone(_ interaction: InteractionID, now: Timestamp, into out: inout [Output]) throws(DomainError) {
        guard let item = interactions[interaction] else { throw .unknownInteraction(interaction) }
        if item.phase == .active { finish(item, now: now, into: &out) } else { abandon(item, now: now, into: &out) }
    }

    private mutating func finish(_ item: Interaction, subject: String? = nil, disposition: String? = nil, now: Timestamp,
                                 into out: inout [Output]) {
        let agent = item.agent!, handle = item.takenAt!.millisecondsUntil(now)
        count(at: now) { $0.recordClosed(handle: handle) }
        if isToday(now) {
            agentToday[agent, default: AgentFigures()].recordClosed(handle: handle)
            out.append(.agentFigures(agent, agentToday[agent]!))
        }
        interactions[item.id] = nil
        let active = slots[agent]?.release(now: now) ?? 0
        dirty = true
        var closed = item
        closed.phase = .closed
        out.append(.publish(.phase(item.id, .closed, agent: agent), .interaction(item.id), .lossless))
        out.append(.publish(.phase(item.id, .closed, agent: agent), .inbox(agent), .lossless))
        out.append(.publish(.load(AgentLoad(agent: agent, active: active, at: now)), .agent(agent), .latestState))
        var closing = record(closed, at: now)
        closing.subject = subject
        closing.disposition = disposition
        out.append(.effect(.recordInteraction(closing)))
        out.append(.retire(.interaction(item.id)))
        if configuration.autoAssign && !replaying { autoAssign(now: now, into: &out) }
    }

    /// Abandon: counted once, and only if never answered (a requeued interaction that leaves was answered already).
    private mutating func abandon(_ item: Interaction, now: Timestamp, into out: inout [Output]) {
        if item.phase == .reserved, let agent = item.agent {
            reservations.removeAll { $0 == item.id }
            let active = slots[agent]?.release(now: now) ?? 0
            out.append(.publish(.phase(item.id, .abandoned, agent: agent), .inbox(agent), .lossless))
            out.append(.publish(.load(AgentLoad(agent: agent, active: active, at: now)), .agent(agent), .latestState))
        }
        if item.phase == .queued { waiting -= 1 }
        if !item.answered {
            let wait = item.enqueuedAt.millisecondsUntil(now), t = serviceLevelMs, short = shortAbandonMs
            count(at: now) { $0.recordAbandoned(wait: wait, serviceLevel: t, shortAbandon: short) }
        }
        interactions[item.id] = nil
        popStaleHead()
        dirty = true
        var gone = item
        gone.phase = .abandoned
        if item.phase == .queued { out.append(.publish(.dequeued(item.id, .abandoned), .campaign(id), .latestState)) }
        out.append(.publish(.phase(item.id, .abandoned, agent: nil), .interaction(item.id), .lossless))
        out.append(.effect(.recordInteraction(record(gone, at: now))))
        out.append(.retire(.interaction(item.id)))
    }

    /// Puts every interaction `agent` holds here (taken before login epoch `before`) back at the head of the queue,
    /// keeping their enqueue time (disconnect). Returns how many.
    /// - Parameters:
    ///   - agent: the disconnected agent.
    ///   - before: the epoch its disconnect set; interactions taken in a later session stay.
    @discardableResult
    public mutating func requeueAll(of agent: AgentID, before epoch: UInt32?, now: Timestamp, into out: inout [Output]) -> Int {
        let held = interactions.values
            .filter { $0.agent == agent && ($0.phase == .active || $0.phase == .reserved) && (epoch == nil || $0.takenEpoch < epoch!) }
            .sorted { ($0.enqueuedAt, $0.id) > ($1.enqueuedAt, $1.id) }   // pushed to the front one by one: oldest ends first
        for item in held { putBack(item.id, now: now, into: &out) }
        return held.count
    }

    /// Puts one interaction an agent holds (active or reserved) back at the head of the queue, keeping its enqueue
    /// time: a requeue the store recorded, which the start-up rebuild replays.
    /// - Throws: `unknownInteraction`, `invalidPhase` when nobody holds it.
    public mutating func requeue(_ interaction: InteractionID, now: Timestamp, into out: inout [Output]) throws(DomainError) {
        guard let item = interactions[interaction] else { throw .unknownInteraction(interaction) }
        guard item.phase == .active || item.phase == .reserved else { throw .invalidPhase(item.phase) }
        putBack(interaction, now: now, into: &out)
    }

    private mutating func putBack(_ interaction: InteractionID, now: Timestamp, into out: inout [Output]) {
        var item = interactions[interaction]!
        let agent = item.agent!
        if item.phase == .reserved { reservations.removeAll { $0 == interaction } }
        let wasActive = item.phase == .active
        item.phase = .queued
        item.agent = nil
        item.reservedUntil = nil
        item.requeued = item.requeued || wasActive
        item.queueEpoch &+= 1
        item.draft = ""
        interactions[interaction] = item
        queue.prepend(QueueEntry(id: interaction, epoch: item.queueEpoch))
        waiting += 1
        let active = slots[agent]?.release(now: now) ?? 0
        dirty = true
        out.append(.publish(.queued(entry(item)), .campaign(id), .latestState))
        out.append(.publish(.phase(interaction, .queued, agent: nil), .interaction(interaction), .lossless))
        out.append(.publish(.phase(interaction, .queued, agent: nil), .inbox(agent), .lossless))
        out.append(.publish(.load(AgentLoad(agent: agent, active: active, at: now)), .agent(agent), .latestState))
        if wasActive {
            out.append(.effect(.recordInteraction(InteractionRecord(
                id: interaction, campaign: id, customer: item.customer, phase: .queued, agent: agent,
                enqueuedAt: item.enqueuedAt, takenAt: item.takenAt, firstAgentReplyAt: item.firstAgentReplyAt, at: now, requeued: true))))
        }
    }

    private mutating func unreserve(_ interaction: InteractionID, now: Timestamp, into out: inout [Output]) {
        putBack(interaction, now: now, into: &out)
    }

    private mutating func popStaleHead() {
        while let head = queue.first {
            if let item = interactions[head.id], item.phase == .queued, item.queueEpoch == head.epoch { return }
            queue.removeFirst()
        }
    }

    // MARK: - Auto-assign

    /// Offers waiting interactions to the longest-idle available members (fewest active first) while any has room.
    private mutating func autoAssign(now: Timestamp, into out: inout [Output]) {
        let maximum = configuration.maxInteractionsPerAgent
        while waiting > 0 {
            popStaleHead()
            guard let head = queue.first else { return }
            var best: (slot: AgentSlot, active: Int, idle: Int64)?
            for slot in slots.values {
                let s = slot.snapshot
                guard s.presence == .available, s.active < maximum else { continue }
                let idle = slot.idleSince
                if best == nil || (s.active, idle, slot.agent) < (best!.active, best!.idle, best!.slot.agent) {
                    best = (slot, s.active, idle)
                }
            }
            guard let best, case .success(let grant) = best.slot.reserve(maximum: maximum) else { return }
            var item = interactions[head.id]!
            item.phase = .reserved
            item.agent = best.slot.agent
            item.takenEpoch = grant.epoch
            item.reservedUntil = now.adding(seconds: configuration.reservationSeconds)
            item.queueEpoch &+= 1
            interactions[head.id] = item
            queue.removeFirst()
            waiting -= 1
            reservations.append(head.id)
            dirty = true
            out.append(.publish(.dequeued(head.id, .reserved), .campaign(id), .latestState))
            out.append(.publish(.interaction(view(item)), .inbox(best.slot.agent), .lossless))
            out.append(.publish(.load(AgentLoad(agent: best.slot.agent, active: grant.active, at: now)), .agent(best.slot.agent),
                                .latestState))
            out.append(.effect(.recordInteraction(record(item, at: now))))
        }
    }

    // MARK: - Time

    /// Runs what time alone triggers: today's reset at the handed-in midnight, queue timeouts, expired reservations,
    /// auto-assign, threshold evaluation. The server calls it from a timer (every second).
    /// - Parameters:
    ///   - now: the current instant.
    ///   - out: receives publications and effects (alerts among them).
    public mutating func tick(now: Timestamp, into out: inout [Output]) {
        rollOver(now: now)
        let limit = configuration.maxQueueSeconds * 1000
        let expired = queue.compactMap { e -> Interaction? in
            guard let item = interactions[e.id], item.phase == .queued, item.queueEpoch == e.epoch,
                  item.enqueuedAt.millisecondsUntil(now) >= limit else { return nil }
            return item
        }
        for item in expired { abandon(item, now: now, into: &out) }
        let lapsed = reservations.filter { interactions[$0].flatMap(\.reservedUntil).map { $0 <= now } ?? false }
        for id in lapsed { unreserve(id, now: now, into: &out) }
        if configuration.autoAssign { autoAssign(now: now, into: &out) }
        dirty = true   // longest wait and agent counts move with time and with other campaigns
        trend.advance(to: now)
        evaluateThresholds(now: now, into: &out)
    }

    /// The day that began at `midnight` is today: today's counters and per-agent figures go back to zero (the window
    /// is untouched) unless that day already started (an event or a tick past the midnight rolled over first), and
    /// the next day starts at `nextMidnight`.
    /// - Parameters:
    ///   - midnight: the local midnight that began the day (computed by the server from the campaign's time zone).
    ///   - nextMidnight: the following one.
    public mutating func startDay(at midnight: Timestamp, nextMidnight: Timestamp) {
        if dayStart.map({ $0 < midnight }) ?? true {
            today = IntervalCounters()
            trend.reset(at: midnight)
            agentToday.removeAll(keepingCapacity: true)
            dayGeneration &+= 1
            dayStart = midnight
            dirty = true
        }
        self.nextMidnight = nextMidnight
    }

    /// Starts the next day when `now` reached the midnight handed in, before anything at `now` is counted: nothing
    /// after midnight lands in the old day, whether an event or the timer gets there first.
    private mutating func rollOver(now: Timestamp) {
        guard let midnight = nextMidnight, now >= midnight else { return }
        // Without a fresh instant from the server, a day lasts 24 h (the server corrects DST days with `startDay`).
        let start = midnight.adding(seconds: midnight.millisecondsUntil(now) / 86_400_000 * 86_400)
        startDay(at: start, nextMidnight: start.adding(seconds: 86_400))
    }

    /// Whether an event at `now` belongs to today (an enqueue stamped before midnight belongs to the day before).
    private func isToday(_ now: Timestamp) -> Bool { dayStart.map { now >= $0 } ?? true }

    /// Counts an event at `now` in today's counters (when it falls in today) and in its minute of the window.
    private mutating func count(at now: Timestamp, _ change: (inout IntervalCounters) -> Void) {
        rollOver(now: now)
        if isToday(now) {
            change(&today)
            trend.update(at: now, change)
        }
        rolling.update(at: now, change)
    }

    // MARK: - Replay

    /// Starts replaying the store (the start-up rebuild): until `endReplay`, commands apply what was recorded
    /// without the rules that admitted it then (enabled, membership, presence, maximum), and auto-assign waits.
    /// - Parameter midnight: when the day in progress at the first replayed event ends (the start of today).
    public mutating func beginReplay(dayEndsAt midnight: Timestamp) {
        replaying = true
        nextMidnight = midnight
    }

    /// Ends the replay at `now`: alert levels as the figures stand (their alerts were raised before the restart),
    /// open interactions held by an agent who is no longer a member back to the queue, auto-assign resumes.
    /// - Returns: the interactions put back in the queue.
    @discardableResult
    public mutating func endReplay(now: Timestamp, into out: inout [Output]) -> [InteractionID] {
        replaying = false
        var raisedBefore: [Output] = []
        evaluateThresholds(now: now, into: &raisedBefore)
        let orphaned = interactions.values
            .filter { ($0.phase == .active || $0.phase == .reserved) && $0.agent.map { slots[$0] == nil } ?? false }
            .sorted { ($0.enqueuedAt, $0.id) > ($1.enqueuedAt, $1.id) }
        for item in orphaned { putBack(item.id, now: now, into: &out) }
        if configuration.autoAssign { autoAssign(now: now, into: &out) }
        dirty = true
        return orphaned.map(\.id)
    }

    /// Compares figures with thresholds; appends an alert publication and effect per level change.
    public mutating func evaluateThresholds(now: Timestamp, into out: inout [Output]) {
        var alerts: [ThresholdAlert] = []
        configuration.thresholds.evaluate(figures(now: now), levels: &levels, alerts: &alerts)
        for alert in alerts {
            out.append(.publish(.alert(alert), .wallboard, .lossless))
            out.append(.publish(.alert(alert), .campaign(id), .latestState))
            out.append(.effect(.alert(alert)))
        }
    }

    /// Clears `dirty` after the shell published the figures.
    public mutating func markPublished() { dirty = false }

    // MARK: - Reading

    /// The live figures at `now` (agent counts read from the members' slots).
    /// - Parameters:
    ///   - now: the current instant.
    ///   - windowMinutes: the rolling window (default: the campaign's).
    public func figures(now: Timestamp, windowMinutes: Int? = nil) -> CampaignFigures {
        var oldest: Timestamp?
        for e in queue {
            if let item = interactions[e.id], item.phase == .queued, item.queueEpoch == e.epoch,
               oldest == nil || item.enqueuedAt < oldest! { oldest = item.enqueuedAt }
        }
        let longest = oldest.map { max(0, $0.millisecondsUntil(now)) } ?? 0
        let maximum = configuration.maxInteractionsPerAgent
        var loggedIn = 0, available = 0, busy = 0, paused = 0, free = 0, held = 0, capacity = 0
        for slot in slots.values {
            let s = slot.snapshot
            switch s.presence {
            case .offline: continue
            case .paused: loggedIn += 1; paused += 1
            case .available:
                loggedIn += 1
                held += s.active
                capacity += maximum
                if s.active < maximum { available += 1; free += maximum - s.active } else { busy += 1 }
            }
        }
        let minutes = windowMinutes ?? configuration.windowMinutes
        let thresholds = configuration.thresholds, longestSeconds = Double(longest) / 1000
        let (fifteen, thirty, sixty) = rolling.windows(now: now)
        var windows = RollingWindowFigures()
        windows.fifteen = fifteen.figures(currentLongestWait: longest)
        windows.thirty = thirty.figures(currentLongestWait: longest)
        windows.sixty = sixty.figures(currentLongestWait: longest)
        windows.fifteenLevels = thresholds.levels(of: windows.fifteen, longestWait: longestSeconds)
        windows.thirtyLevels = thresholds.levels(of: windows.thirty, longestWait: longestSeconds)
        windows.sixtyLevels = thresholds.levels(of: windows.sixty, longestWait: longestSeconds)
        let dayOver = nextMidnight.map { now >= $0 } ?? false
        var figures = CampaignFigures(
            campaign: id, name: configuration.name, at: now, enabled: configuration.enabled, waiting: waiting,
            longestWait: Double(longest) / 1000, oldestEnqueuedAt: oldest, active: interactions.count - waiting,
            agentsLoggedIn: loggedIn, agentsAvailable: available, agentsBusy: busy, agentsPaused: paused, freeSlots: free,
            occupancy: capacity > 0 ? Double(held) / Double(capacity) : nil,
            today: (dayOver ? IntervalCounters() : today).figures(currentLongestWait: longest),
            window: rolling.window(minutes: minutes, now: now).figures(currentLongestWait: longest),
            windowMinutes: minutes, levels: levels)
        figures.windows = windows
        if !dayOver {
            figures.trend = trend.closed
            figures.trendNow = trend.running
        }
        return figures
    }

    /// Today's counters (tests and the store's end-of-day summary).
    public var todayCounters: IntervalCounters { today }

    /// An agent's figures for today in this campaign.
    public func agentFigures(_ agent: AgentID) -> AgentFigures { agentToday[agent] ?? AgentFigures() }

    /// An open interaction as spy shows it.
    public func view(of interaction: InteractionID) -> InteractionView? { interactions[interaction].map(view) }

    /// The open interactions `agent` holds here (active and reserved), oldest take first.
    public func interactions(of agent: AgentID) -> [InteractionView] {
        interactions.values.filter { $0.agent == agent }.sorted { ($0.takenAt ?? $0.enqueuedAt, $0.id) < ($1.takenAt ?? $1.enqueuedAt, $1.id) }
            .map(view)
    }

    private func entry(_ item: Interaction) -> WaitingEntry {
        WaitingEntry(interaction: item.id, campaign: id, customer: item.customer, enqueuedAt: item.enqueuedAt, requeued: item.requeued)
    }

    private func view(_ item: Interaction) -> InteractionView {
        var view = InteractionView(id: item.id, campaign: id, customer: item.customer, phase: item.phase, agent: item.agent,
                                   enqueuedAt: item.enqueuedAt, takenAt: item.takenAt, transcript: item.transcript, draft: item.draft)
        view.reservedUntil = item.reservedUntil
        return view
    }

    private func record(_ item: Interaction, at now: Timestamp) -> InteractionRecord {
        InteractionRecord(id: item.id, campaign: id, customer: item.customer, phase: item.phase, agent: item.agent,
                          enqueuedAt: item.enqueuedAt, takenAt: item.takenAt, firstAgentReplyAt: item.firstAgentReplyAt,
                          at: now, requeued: false)
    }
}
