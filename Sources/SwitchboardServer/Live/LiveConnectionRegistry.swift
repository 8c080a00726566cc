import SwitchboardDomain
import SwitchboardNet
import SwitchboardSync

/// Which live WebSockets each user and each login session has open (kept on open and close, from the loop threads):
/// a supervisor's disconnect closes every socket of the agent, a logout or revocation the sockets of the sessions it
/// ended, whichever loop owns them.
public final class LiveConnectionRegistry: Sendable {
    private struct Table {
        var byUser: [UserID: Set<ConnectionID>] = [:]
        var bySession: [[UInt8]: Set<ConnectionID>] = [:]
        /// Where each user's last command came from (the audit lines of what it does name it).
        var origins: [UserID: CommandOrigin] = [:]
    }

    private let table = Locked(Table())

    /// An empty registry.
    public init() {}

    /// Records an open connection of `user`, opened with the session whose token hash is `session`.
    public func opened(_ id: ConnectionID, of user: UserID, session: [UInt8]) {
        table.withLock { table in
            table.byUser[user, default: []].insert(id)
            table.bySession[session, default: []].insert(id)
        }
    }

    /// Forgets a closed connection.
    public func closed(_ id: ConnectionID, of user: UserID, session: [UInt8]) {
        table.withLock { table in
            table.byUser[user]?.remove(id)
            if table.byUser[user]?.isEmpty == true {
                table.byUser[user] = nil
                table.origins[user] = nil
            }
            table.bySession[session]?.remove(id)
            if table.bySession[session]?.isEmpty == true { table.bySession[session] = nil }
        }
    }

    /// `user` sends a command from a socket that came from `origin`.
    public func noteCommand(from user: UserID, origin: CommandOrigin) {
        table.withLock { table in
            if table.origins[user] != origin { table.origins[user] = origin }
        }
    }

    /// Where `user`'s last command came from (nil when it has no socket open).
    public func lastOrigin(of user: UserID) -> CommandOrigin? { table.withLock { $0.origins[user] } }

    /// The open connections of `user`.
    public func connections(of user: UserID) -> [ConnectionID] { table.withLock { Array($0.byUser[user] ?? []) } }

    /// The open connections opened with the session whose token hash is `session`.
    public func connections(ofSession session: [UInt8]) -> [ConnectionID] { table.withLock { Array($0.bySession[session] ?? []) } }

    /// How many connections are open in all.
    public var count: Int { table.withLock { $0.byUser.values.reduce(0) { $0 + $1.count } } }
}
