import Synchronization

/// The shared, lock-free part of an agent: its presence (offline / available / paused), its number of active
/// interactions across all campaigns, and when it last became idle. A take reserves a slot here with one
/// compare-and-swap, so the maximum (DESIGN.md: counted across all the agent's campaigns) holds under any interleaving
/// of campaign actors without a hop to the agent's actor.
public final class AgentSlot: Sendable {
    /// Presence as the slot sees it.
    public enum Presence: UInt64, Sendable, Equatable {
        /// Not logged in.
        case offline = 0
        /// Logged in and not paused.
        case available = 1
        /// Paused.
        case paused = 2
    }

    /// Why a reservation failed.
    public enum Refusal: Error, Sendable, Equatable {
        /// The agent is offline.
        case offline
        /// The agent is paused.
        case paused
        /// Its active interactions (all campaigns) are at the campaign's maximum.
        case atMaximum
    }

    /// The agent.
    public let agent: AgentID
    // Word layout: bits 0–23 active count, bits 24–25 presence, bits 32–63 login epoch.
    private let word: Atomic<UInt64>
    private let idle: Atomic<Int64>

    /// A slot for an offline agent with nothing active.
    /// - Parameter agent: the agent.
    public init(agent: AgentID) {
        self.agent = agent
        word = Atomic(0)
        idle = Atomic(0)
    }

    private static func count(_ w: UInt64) -> Int { Int(w & 0xFF_FFFF) }
    private static func presence(_ w: UInt64) -> Presence { Presence(rawValue: (w >> 24) & 3) ?? .offline }

    /// Active (and reserved) interactions across all campaigns.
    public var active: Int { Self.count(word.load(ordering: .acquiring)) }
    /// Offline, available or paused.
    public var presence: Presence { Self.presence(word.load(ordering: .acquiring)) }
    /// Login epoch: grows on each login and disconnect.
    public var epoch: UInt32 { UInt32(truncatingIfNeeded: word.load(ordering: .acquiring) >> 32) }
    /// When it last had nothing to do (ms since the epoch); orders agents for auto-assign.
    public var idleSince: Int64 { idle.load(ordering: .relaxed) }

    /// A consistent read of presence and count.
    public var snapshot: (presence: Presence, active: Int) {
        let w = word.load(ordering: .acquiring)
        return (Self.presence(w), Self.count(w))
    }

    /// A granted slot: the new count and the login epoch it was granted in.
    public struct Grant: Sendable, Equatable {
        /// Active interactions after the reservation.
        public let active: Int
        /// The login epoch.
        public let epoch: UInt32
    }

    /// Takes one slot if the agent is available and below `maximum`.
    /// - Parameter maximum: the campaign's maximum interactions per agent.
    /// - Returns: the new active count and epoch, or why not.
    public func reserve(maximum: Int) -> Result<Grant, Refusal> {
        var current = word.load(ordering: .relaxed)
        while true {
            switch Self.presence(current) {
            case .offline: return .failure(.offline)
            case .paused: return .failure(.paused)
            case .available: break
            }
            let n = Self.count(current)
            if n >= maximum { return .failure(.atMaximum) }
            let (exchanged, original) = word.compareExchange(expected: current, desired: current + 1,
                                                             ordering: .acquiringAndReleasing)
            if exchanged { return .success(Grant(active: n + 1, epoch: UInt32(truncatingIfNeeded: current >> 32))) }
            current = original
        }
    }

    /// Takes one slot whatever the presence and the maximum: the start-up rebuild replays a take that the rules
    /// admitted when it happened.
    /// - Returns: the new active count and the current epoch.
    public func restore() -> Grant {
        let (_, new) = word.wrappingAdd(1, ordering: .acquiringAndReleasing)
        return Grant(active: Self.count(new), epoch: UInt32(truncatingIfNeeded: new >> 32))
    }

    /// Gives one slot back (close, requeue, failed take).
    /// - Parameter now: when; the agent becomes idle at 0.
    /// - Returns: the new active count.
    @discardableResult
    public func release(now: Timestamp) -> Int {
        var current = word.load(ordering: .relaxed)
        while true {
            let n = Self.count(current)
            precondition(n > 0, "released a slot the agent did not hold")
            let (exchanged, original) = word.compareExchange(expected: current, desired: current - 1,
                                                             ordering: .acquiringAndReleasing)
            if exchanged {
                if n == 1 { idle.store(now.milliseconds, ordering: .relaxed) }
                return n - 1
            }
            current = original
        }
    }

    /// Sets the presence (only the agent's actor calls this), keeping the count; a login or a disconnect bumps
    /// the epoch so a take racing with a disconnect can be detected.
    /// - Parameters:
    ///   - presence: the new presence.
    ///   - bumpEpoch: whether a session boundary is crossed.
    ///   - now: when.
    public func set(_ presence: Presence, bumpEpoch: Bool, now: Timestamp) {
        var current = word.load(ordering: .relaxed)
        while true {
            var epoch = current >> 32
            if bumpEpoch { epoch = (epoch + 1) & 0xFFFF_FFFF }
            let desired = (epoch << 32) | (presence.rawValue << 24) | (current & 0xFF_FFFF)
            let (exchanged, original) = word.compareExchange(expected: current, desired: desired, ordering: .acquiringAndReleasing)
            if exchanged { break }
            current = original
        }
        if presence == .available, Self.count(current) == 0 { idle.store(now.milliseconds, ordering: .relaxed) }
    }
}
