import SwitchboardDomain
import SwitchboardStore
import SwitchboardSync

/// Who is logged in: the live sessions and the users they belong to, held in memory (loaded from
/// the store at start, kept in step by every login, logout, revocation and user change), so that
/// every API request and WebSocket upgrade is authorised without a database round trip — on the
/// loop thread, synchronously.
public final class AccessDirectory: Sendable {
    private struct State {
        var sessions: [[UInt8]: SessionRecord] = [:]
        var users: [UserID: UserRecord] = [:]
    }

    private let state = Locked(State())
    private let clock: any WallClock

    public init(clock: any WallClock) { self.clock = clock }

    /// Loads the users and the sessions still valid.
    public func load(users: [UserRecord], sessions: [SessionRecord]) {
        let now = clock.now()
        state.withLock { state in
            state.users = Dictionary(uniqueKeysWithValues: users.map { ($0.id, $0) })
            state.sessions = [:]
            for session in sessions where session.isValid(at: now) { state.sessions[session.tokenHash] = session }
        }
    }

    /// The user behind a session cookie value, if the session is live.
    public func user(forToken token: String) -> UserRecord? {
        let hash = SessionToken(value: token).hash
        let now = clock.now()
        return state.withLock { state in
            guard let session = state.sessions[hash] else { return nil }
            guard session.isValid(at: now) else {
                state.sessions[hash] = nil
                return nil
            }
            return state.users[session.userID]
        }
    }

    /// The domain's view of a user (role and supervised campaigns).
    public static func caller(for user: UserRecord) -> Caller {
        let role: Caller.Role = switch user.role {
        case .admin: .admin
        case .supervisor: .supervisor
        case .agent: .agent
        }
        return Caller(user: user.id, role: role, campaigns: Set(user.supervisorScopes))
    }

    public func added(_ session: SessionRecord) { state.withLock { $0.sessions[session.tokenHash] = session } }

    public func revoked(tokenHash: [UInt8]) { _ = state.withLock { $0.sessions.removeValue(forKey: tokenHash) } }

    /// Drops every session of `user` (supervisor disconnect, user deleted).
    public func revokedAll(of user: UserID) {
        state.withLock { state in state.sessions = state.sessions.filter { $0.value.userID != user } }
    }

    public func updated(_ user: UserRecord) { state.withLock { $0.users[user.id] = user } }

    public func removed(_ user: UserID) {
        state.withLock { state in
            state.users[user] = nil
            state.sessions = state.sessions.filter { $0.value.userID != user }
        }
    }

    /// A user by id (for the API's answers).
    public func user(_ id: UserID) -> UserRecord? { state.withLock { $0.users[id] } }
}
