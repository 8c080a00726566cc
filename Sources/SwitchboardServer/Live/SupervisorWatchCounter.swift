import SwitchboardDomain
import SwitchboardSync

/// Spies and screen watches per supervisor over all its sockets, for `LiveLimits`: one lock per spy or watch start
/// and stop (rare), never per message.
final class SupervisorWatchCounter: Sendable {
    enum Kind: Sendable { case spy, screen }

    private let counts = Locked<[Key: Int]>([:])

    private struct Key: Hashable {
        let user: UserID
        let spy: Bool
    }

    /// Counts one more if `user` is below `limit`; false (nothing counted) otherwise.
    func reserve(_ kind: Kind, for user: UserID, limit: Int) -> Bool {
        counts.withLock { counts in
            let key = Key(user: user, spy: kind == .spy)
            let count = counts[key, default: 0]
            guard count < limit else { return false }
            counts[key] = count + 1
            return true
        }
    }

    /// One fewer.
    func release(_ kind: Kind, for user: UserID) {
        counts.withLock { counts in
            let key = Key(user: user, spy: kind == .spy)
            let count = (counts[key] ?? 1) - 1
            counts[key] = count > 0 ? count : nil
        }
    }

    /// How many `user` holds now.
    func count(_ kind: Kind, for user: UserID) -> Int { counts.withLock { $0[Key(user: user, spy: kind == .spy)] ?? 0 } }
}
