import SwitchboardDomain
import SwitchboardSync

/// The recent command ids of each login session and their answers (DECISIONS "Live protocol"): command ids are
/// unique per session, not per connection, so a page that resends a command after a reconnect (it never saw the
/// answer) gets the first answer again and the command runs once — a message goes to the customer once.
///
/// An id is remembered for `lifetime` (5 minutes) after its answer; while the first run is still going (the old
/// socket is still executing it), a repeat waits for that answer. At most `limitPerSession` ids are kept per
/// session (the oldest answers are forgotten first), so a client that never reuses ids costs bounded memory.
final class CommandLedger: Sendable {
    /// What to do with a command.
    enum Claim {
        /// The first time this id is seen: run the command, then `finish` (or `forget`) it.
        case run
        /// Already answered: send this answer again.
        case answered([UInt8])
        /// The first run is still going: wait for its answer with `answer(session:id:)`.
        case running
    }

    private enum Entry {
        case running(waiters: [CheckedContinuation<[UInt8]?, Never>])
        case answered([UInt8], at: Timestamp)
    }

    private struct Session {
        var entries: [String: Entry] = [:]
        /// Ids in the order they were answered (oldest first), for expiry and the per-session bound.
        var order: [(id: String, at: Timestamp)] = []
        var head = 0
    }

    /// How long an answer is remembered.
    let lifetime: Int64
    /// The most answers remembered per session.
    let limitPerSession: Int
    private let clock: any WallClock
    private let sessions = Locked([String: Session]())
    private let claims = Locked(0)

    /// Creates the ledger.
    /// - Parameters:
    ///   - clock: the source of "now" (answers expire by it).
    ///   - lifetimeSeconds: how long an answer is remembered (5 minutes).
    ///   - limitPerSession: the most answers remembered per session.
    init(clock: any WallClock, lifetimeSeconds: Int64 = 300, limitPerSession: Int = 4096) {
        self.clock = clock
        self.lifetime = lifetimeSeconds * 1000
        self.limitPerSession = limitPerSession
    }

    /// Claims `id` in `session`: run it, answer it again, or wait for the run in progress.
    /// - Parameters:
    ///   - session: the login session (its cookie token).
    ///   - id: the client's command id.
    func claim(session: String, id: String) -> Claim {
        let now = clock.now()
        // Now and then, sessions whose answers all expired go (a session that stopped sending keeps nothing).
        let sweep = claims.withLock { n in
            n &+= 1
            return n % 1024 == 0
        }
        return sessions.withLock { all in
            if sweep {
                for key in Array(all.keys) {
                    expire(&all[key]!, now: now)
                    if all[key]!.entries.isEmpty { all[key] = nil }
                }
            }
            var s = all[session, default: Session()]
            defer { all[session] = s }
            expire(&s, now: now)
            switch s.entries[id] {
            case nil:
                s.entries[id] = .running(waiters: [])
                return .run
            case .running: return .running
            case .answered(let bytes, _): return .answered(bytes)
            }
        }
    }

    /// The answer of a run in progress (nil when it was forgotten: the repeat then runs again).
    func answer(session: String, id: String) async -> [UInt8]? {
        await withCheckedContinuation { (waiter: CheckedContinuation<[UInt8]?, Never>) in
            let ready: [UInt8]?? = sessions.withLock { all in
                switch all[session]?.entries[id] {
                case .running(var waiters):
                    waiters.append(waiter)
                    all[session]!.entries[id] = .running(waiters: waiters)
                    return .none
                case .answered(let bytes, _): return .some(bytes)
                case nil: return .some(nil)
                }
            }
            if let ready { waiter.resume(returning: ready) }
        }
    }

    /// Records the answer of the first run and hands it to any repeat that waits.
    func finish(session: String, id: String, answer: [UInt8]) {
        let now = clock.now()
        let waiters = sessions.withLock { all -> [CheckedContinuation<[UInt8]?, Never>] in
            guard var s = all[session], case .running(let waiters) = s.entries[id] else { return [] }
            s.entries[id] = .answered(answer, at: now)
            s.order.append((id, now))
            while s.order.count - s.head > limitPerSession { drop(&s) }
            all[session] = s
            return waiters
        }
        for waiter in waiters { waiter.resume(returning: answer) }
    }

    /// Forgets a run whose answer must not be repeated (the server failed: a retry may succeed); a waiting repeat
    /// runs the command itself.
    func forget(session: String, id: String) {
        let waiters = sessions.withLock { all -> [CheckedContinuation<[UInt8]?, Never>] in
            guard case .running(let waiters) = all[session]?.entries[id] else { return [] }
            all[session]!.entries[id] = nil
            return waiters
        }
        for waiter in waiters { waiter.resume(returning: nil) }
    }

    /// How many answers are remembered in all (tests, metrics).
    var count: Int { sessions.withLock { $0.values.reduce(0) { $0 + $1.order.count - $1.head } } }

    private func expire(_ s: inout Session, now: Timestamp) {
        while s.head < s.order.count, s.order[s.head].at.millisecondsUntil(now) >= lifetime { drop(&s) }
    }

    private func drop(_ s: inout Session) {
        let (id, at) = s.order[s.head]
        s.head += 1
        if case .answered(_, let answeredAt) = s.entries[id], answeredAt == at { s.entries[id] = nil }
        if s.head > 64 && s.head * 2 > s.order.count {
            s.order.removeFirst(s.head)
            s.head = 0
        }
    }
}
