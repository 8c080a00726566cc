import SwitchboardDomain
import SwitchboardNet
import SwitchboardSync

/// Which live WebSockets each user has open (kept on open and close, from the loop threads): a supervisor's
/// disconnect closes every socket of the agent, whichever loop owns it.
public final class LiveConnectionRegistry: Sendable {
    private let connections = Locked<[UserID: Set<ConnectionID>]>([:])

    /// An empty registry.
    public init() {}

    /// Records an open connection of `user`.
    public func opened(_ id: ConnectionID, of user: UserID) {
        connections.withLock { _ = $0[user, default: []].insert(id) }
    }

    /// Forgets a closed connection.
    public func closed(_ id: ConnectionID, of user: UserID) {
        connections.withLock { table in
            table[user]?.remove(id)
            if table[user]?.isEmpty == true { table[user] = nil }
        }
    }

    /// The open connections of `user`.
    public func connections(of user: UserID) -> [ConnectionID] { connections.withLock { Array($0[user] ?? []) } }

    /// How many connections are open in all.
    public var count: Int { connections.withLock { $0.values.reduce(0) { $0 + $1.count } } }
}
