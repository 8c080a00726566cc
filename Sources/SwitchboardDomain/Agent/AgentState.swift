/// One agent's own state as a plain value: presence state machine, memberships, supervisor chat, screen monitoring
/// and time figures. Its active count lives in the shared `AgentSlot` (campaigns reserve there); its handled figures
/// live with each campaign (one writer each) and are summed on request.
public struct AgentState: Sendable {
    /// What a command asks the shell to do.
    public typealias Output = CampaignState.Output

    /// The agent.
    public let id: AgentID
    /// Its display name.
    public var name: String
    /// Whether supervisors may monitor its screen (Configuration → Agents).
    public var monitorScreen: Bool
    /// Its campaigns and their maxima.
    public private(set) var campaigns: [CampaignID: Int]
    /// Offline, available or paused (busy is derived from the slot).
    public private(set) var presence: AgentSlot.Presence = .offline
    /// The pause reason when paused.
    public private(set) var pauseReason = ""
    /// When the presence last changed.
    public private(set) var since: Timestamp
    /// The shared slot.
    public let slot: AgentSlot
    /// Recent supervisor chat lines (bounded).
    public private(set) var chat: [ChatLine] = []
    private var chatCount = 0
    private var stretchStart: Timestamp
    /// Supervisors watching its screen.
    public private(set) var screenWatchers: Set<UserID> = []
    /// The last workspace state the page streamed.
    public private(set) var screen: ScreenState?
    /// Milliseconds logged in today (closed stretches).
    public private(set) var loggedInToday: Int64 = 0
    /// Milliseconds paused today by reason (closed stretches).
    public private(set) var pausedToday: [String: Int64] = [:]
    /// When the current "today" began (for an agent created since, its creation).
    public private(set) var dayStart: Timestamp
    /// When "today" ends: the earliest next local midnight among its campaigns (handed in by the server).
    public private(set) var nextMidnight: Timestamp?

    /// Chat lines kept for the snapshot.
    public static let chatLimit = 200

    /// Creates an offline agent.
    public init(id: AgentID, name: String, monitorScreen: Bool, campaigns: [CampaignID: Int], slot: AgentSlot, now: Timestamp) {
        self.id = id
        self.name = name
        self.monitorScreen = monitorScreen
        self.campaigns = campaigns
        self.slot = slot
        self.since = now
        self.stretchStart = now
        self.dayStart = now
    }

    /// The state as shown: busy when unpaused and at the maximum of every campaign.
    public var status: AgentStatus {
        switch presence {
        case .offline: return .offline
        case .paused: return .paused(reason: pauseReason, since: since)
        case .available:
            let active = slot.active
            if !campaigns.isEmpty, campaigns.values.allSatisfy({ active >= $0 }) { return .busy }
            return .available
        }
    }

    /// The `agent:<id>` presence payload.
    public var presencePayload: AgentPresence { AgentPresence(agent: id, status: status, since: since, active: slot.active) }

    /// Updates memberships (configuration change).
    public mutating func setCampaigns(_ campaigns: [CampaignID: Int]) { self.campaigns = campaigns }

    private mutating func move(to presence: AgentSlot.Presence, reason: String = "", bumpEpoch: Bool, now: Timestamp,
                               into out: inout [Output]) {
        closeStretch(now: now)
        self.presence = presence
        pauseReason = reason
        since = now
        stretchStart = now
        slot.set(presence, bumpEpoch: bumpEpoch, now: now)
        out.append(.publish(.presence(presencePayload), .agent(id), .latestState))
        out.append(.effect(.recordAgentStatus(id, status, at: now)))
    }

    private mutating func closeStretch(now: Timestamp) {
        rollOver(now: now)
        let length = max(0, stretchStart.millisecondsUntil(now))
        if presence != .offline { loggedInToday += length }
        if presence == .paused { pausedToday[pauseReason, default: 0] += length }
    }

    /// Logs in (available); a new session epoch. No-op when already logged in.
    public mutating func login(now: Timestamp, into out: inout [Output]) {
        guard presence == .offline else { return }
        move(to: .available, bumpEpoch: true, now: now, into: &out)
    }

    /// Logs out (offline). Refused while it holds interactions.
    /// - Throws: `invalidPhase(.active)` while interactions are open.
    public mutating func logout(now: Timestamp, into out: inout [Output]) throws(DomainError) {
        guard presence != .offline else { return }
        guard slot.active == 0 else { throw .invalidPhase(.active) }
        move(to: .offline, bumpEpoch: false, now: now, into: &out)
    }

    /// Pauses (by itself or a supervisor): no new interactions, the active ones go on.
    /// - Throws: `offline`.
    public mutating func pause(reason: String, now: Timestamp, into out: inout [Output]) throws(DomainError) {
        guard presence != .offline else { throw .offline }
        if presence == .paused && pauseReason == reason { return }
        move(to: .paused, reason: reason, bumpEpoch: false, now: now, into: &out)
    }

    /// Ends a pause.
    /// - Throws: `offline`.
    public mutating func resume(now: Timestamp, into out: inout [Output]) throws(DomainError) {
        guard presence != .offline else { throw .offline }
        guard presence == .paused else { return }
        move(to: .available, bumpEpoch: false, now: now, into: &out)
    }

    /// Disconnect: offline with a new epoch, sessions revoked, sockets closed; campaigns then requeue what it held.
    /// - Returns: the epoch campaigns compare takes against (interactions taken before it are requeued).
    public mutating func disconnect(now: Timestamp, into out: inout [Output]) -> UInt32 {
        move(to: .offline, bumpEpoch: true, now: now, into: &out)
        screenWatchers.removeAll()
        out.append(.effect(.revokeSessions(id)))
        out.append(.effect(.closeSockets(id)))
        return slot.epoch
    }

    /// Appends a supervisor ↔ agent chat line (lossless on `chat:<id>`).
    /// - Throws: `invalidText` for empty text.
    @discardableResult
    public mutating func chat(_ text: String, from author: ChatAuthor, now: Timestamp, into out: inout [Output])
        throws(DomainError) -> ChatLine {
        guard !text.isEmpty, text.utf8.count <= 4096 else { throw .invalidText }
        let line = ChatLine(agent: id, index: chatCount, author: author, text: text, at: now)
        chatCount += 1
        if chat.count >= Self.chatLimit { chat.removeFirst(Self.chatLimit / 2) }
        chat.append(line)
        out.append(.publish(.chat(line), .chat(id), .lossless))
        out.append(.effect(.recordChat(line)))
        return line
    }

    /// A supervisor starts watching the screen.
    /// - Throws: `screenMonitoringOff` unless the agent's flag is on.
    public mutating func startScreen(watcher: UserID, into out: inout [Output]) throws(DomainError) {
        guard monitorScreen else { throw .screenMonitoringOff }
        let first = screenWatchers.isEmpty
        screenWatchers.insert(watcher)
        if first { out.append(.publish(.screenWatch(id, watching: true), .inbox(id), .lossless)) }
    }

    /// A supervisor stops watching; the agent page stops streaming when nobody watches.
    public mutating func stopScreen(watcher: UserID, into out: inout [Output]) {
        guard screenWatchers.remove(watcher) != nil, screenWatchers.isEmpty else { return }
        out.append(.publish(.screenWatch(id, watching: false), .inbox(id), .lossless))
    }

    /// The agent page streamed its workspace; published only while watched and allowed.
    public mutating func updateScreen(_ state: ScreenState, into out: inout [Output]) {
        guard monitorScreen, !screenWatchers.isEmpty else { return }
        screen = state
        out.append(.publish(.screen(state), .screen(id), .latestState))
    }

    /// Sets a recorded presence without the rules (the start-up rebuild replays the store's status changes): the
    /// same move, stretches and `since` as the live command that recorded it.
    /// - Parameters:
    ///   - presence: the recorded presence.
    ///   - reason: the pause reason (ignored unless paused).
    ///   - now: when it was recorded.
    ///   - out: receives the presence publication and status effect.
    public mutating func restore(_ presence: AgentSlot.Presence, reason: String, now: Timestamp, into out: inout [Output]) {
        let reason = presence == .paused ? reason : ""
        guard presence != self.presence || reason != pauseReason else {
            // Offline, as every agent starts: the recorded instant is when it went offline (a day or more ago).
            if presence == .offline { since = now }
            return
        }
        move(to: presence, reason: reason, bumpEpoch: self.presence == .offline || presence == .offline, now: now, into: &out)
    }

    // MARK: - Days

    /// Prepares a replay from `start` (the start-up rebuild): the agent's day in progress then ends at `midnight`.
    public mutating func beginReplay(from start: Timestamp, dayEndsAt midnight: Timestamp?) {
        dayStart = min(dayStart, start)
        stretchStart = min(stretchStart, start)
        nextMidnight = midnight
    }

    /// Sets when "today" ends without resetting now (its campaigns changed).
    public mutating func scheduleReset(at midnight: Timestamp?) { nextMidnight = midnight }

    /// The day that began at `midnight` is today: the time figures reset unless that day already started (a move
    /// past the midnight rolled over first; a running stretch counts from the midnight), and the next day starts at
    /// `nextMidnight`.
    public mutating func startDay(at midnight: Timestamp, nextMidnight: Timestamp?) {
        if dayStart < midnight {
            loggedInToday = 0
            pausedToday.removeAll()
            dayStart = midnight
            stretchStart = max(stretchStart, midnight)
        }
        self.nextMidnight = nextMidnight
    }

    /// The start of the day `now` falls in when the midnight handed in passed and nothing rolled over since.
    private func dueDayStart(at now: Timestamp) -> Timestamp? {
        guard let midnight = nextMidnight, now >= midnight else { return nil }
        // Without a fresh instant from the server, a day lasts 24 h (the server corrects DST days with `startDay`).
        return midnight.adding(seconds: midnight.millisecondsUntil(now) / 86_400_000 * 86_400)
    }

    /// Starts the next day before a move at `now` closes a stretch, so nothing after midnight lands in the old day.
    private mutating func rollOver(now: Timestamp) {
        guard let start = dueDayStart(at: now) else { return }
        startDay(at: start, nextMidnight: start.adding(seconds: 86_400))
    }

    /// Logged-in milliseconds today including the running stretch.
    public func loggedIn(at now: Timestamp) -> Int64 {
        let due = dueDayStart(at: now)
        let start = max(stretchStart, due ?? stretchStart)
        return (due == nil ? loggedInToday : 0) + (presence == .offline ? 0 : max(0, start.millisecondsUntil(now)))
    }

    /// Paused milliseconds today by reason (closed stretches) as of `now`.
    public func paused(at now: Timestamp) -> [String: Int64] { dueDayStart(at: now) == nil ? pausedToday : [:] }
}
