import SwitchboardDomain
import SwitchboardNet
import SwitchboardSync

/// What rides with a `/live` WebSocket (its `userData`): who opened it, with which session, and the queue that
/// runs its commands one at a time in arrival order (a task only while commands are pending: an idle socket
/// owns no task).
public final class LiveSession: Sendable {
    /// The user who opened the socket.
    public let user: UserID
    /// The session cookie it was opened with (re-checked per command: a revoked session stops acting at once).
    let token: String
    /// The session token's hash (the registry and the access directory know sessions by it).
    let tokenHash: [UInt8]
    /// The connection.
    public let connection: ConnectionID

    private struct Queue {
        var pending: [[UInt8]] = []
        var running = false
        /// Interactions this socket spies on (by campaign), and agents whose screen it watches: undone on close.
        var spied: [InteractionID: CampaignID] = [:]
        var screens: Set<AgentID> = []
        /// Net topics this socket joined.
        var joined: Set<TopicID> = []
        /// The wallboard group joined (its scope and window), to leave it on unsubscribe or a window change.
        var wallboard: TopicID?
        var bucket = CommandRateBucket()
    }

    private let queue = Locked(Queue())

    /// Where the socket came from, for the audit lines of what its commands do.
    let origin: CommandOrigin

    init(user: UserID, token: String, connection: ConnectionID, origin: CommandOrigin = CommandOrigin(address: nil, userAgent: nil)) {
        self.user = user
        self.origin = origin
        self.token = token
        self.tokenHash = SessionToken(value: token).hash
        self.connection = connection
    }

    /// Adds a command; returns true when the caller must start draining (no drain is running).
    func push(_ command: [UInt8]) -> Bool {
        queue.withLock { q in
            q.pending.append(command)
            if q.running { return false }
            q.running = true
            return true
        }
    }

    /// The next command, or nil (and the drain ends) when none is pending.
    func next() -> [UInt8]? {
        queue.withLock { q in
            if q.pending.isEmpty {
                q.running = false
                return nil
            }
            return q.pending.removeFirst()
        }
    }

    /// Notes a spy (to audit the unspy when the socket closes).
    /// Marks the interaction spied or not; returns whether it was before.
    @discardableResult
    func spying(_ interaction: InteractionID, in campaign: CampaignID, _ on: Bool) -> Bool {
        queue.withLock { q in
            defer { q.spied[interaction] = on ? campaign : nil }
            return q.spied[interaction] != nil
        }
    }

    /// Whether this socket spies the interaction.
    func isSpying(_ interaction: InteractionID) -> Bool { queue.withLock { $0.spied[interaction] != nil } }

    /// Whether this socket watches the agent's screen.
    func isWatching(_ agent: AgentID) -> Bool { queue.withLock { $0.screens.contains(agent) } }

    /// The wallboard topic this socket has joined, if any.
    var currentWallboard: TopicID? { queue.withLock { $0.wallboard } }

    /// Takes a command token (`LiveLimits.commandsPerSecond`); false: over the rate.
    func admitCommand(at milliseconds: Int64, rate: Int) -> Bool { queue.withLock { $0.bucket.admit(at: milliseconds, rate: rate) } }

    /// Whether a subscription to `topic` fits under `limit` (one already joined always does).
    func mayJoin(_ topic: TopicID, limit: Int) -> Bool { queue.withLock { $0.joined.contains(topic) || $0.joined.count < limit } }

    /// Notes a watched screen.
    func watching(_ agent: AgentID, _ on: Bool) {
        queue.withLock { q in
            if on { q.screens.insert(agent) } else { q.screens.remove(agent) }
        }
    }

    /// Notes a joined topic; true when it is new for this socket.
    func join(_ topic: TopicID) -> Bool { queue.withLock { $0.joined.insert(topic).inserted } }

    /// Notes a left topic; true when the socket had joined it.
    func leave(_ topic: TopicID) -> Bool { queue.withLock { $0.joined.remove(topic) != nil } }

    /// Every joined topic, forgotten (the socket closed).
    func leaveAll() -> Set<TopicID> {
        queue.withLock { q in
            defer { q.joined = [] }
            return q.joined
        }
    }

    /// Records the wallboard group now joined (nil: none) and returns the one joined before.
    func joinedWallboard(_ topic: TopicID?) -> TopicID? {
        queue.withLock { state in
            defer { state.wallboard = topic }
            return state.wallboard
        }
    }

    /// What to undo when the socket closes.
    func leftovers() -> (spied: [InteractionID: CampaignID], screens: Set<AgentID>) {
        queue.withLock { ($0.spied, $0.screens) }
    }
}
