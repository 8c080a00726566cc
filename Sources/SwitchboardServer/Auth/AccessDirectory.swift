import SwitchboardDomain
import SwitchboardStore
import SwitchboardSync

/// Who is logged in: the live sessions and the users they belong to, held in memory (loaded from
/// the store at start, kept in step by every login, logout, revocation and user change), so that
/// every API request and WebSocket upgrade is authorised without a database round trip — on the
/// loop thread, synchronously.
///
/// A session ends at its absolute expiry, after `idleSeconds` without a request or command (an open live socket
/// counts as activity: a wallboard left open stays logged in until the absolute expiry), or when revoked. Every
/// end is reported to the observer (the live side closes the session's sockets with the reason).
public final class AccessDirectory: Sendable {
    /// Why a session ended; the live side closes its sockets with this reason.
    public enum SessionEnd: Sendable, Equatable {
        /// The user logged out with this session.
        case loggedOut
        /// Its absolute lifetime passed.
        case expired
        /// Nothing used it for the idle time.
        case idle
        /// The password changed (another session of the user, or an administrator set it).
        case passwordChanged
        /// The user was deleted or disabled.
        case userRemoved
        /// A supervisor disconnected the agent.
        case disconnected
        /// An administrator revoked this session (the session list).
        case revoked

        /// The words a page may show.
        public var reason: String {
            switch self {
            case .loggedOut: "logged out"
            case .expired: "session expired"
            case .idle: "session idle too long"
            case .passwordChanged: "password changed"
            case .userRemoved: "user removed"
            case .disconnected: "disconnected by a supervisor"
            case .revoked: "session revoked by an administrator"
            }
        }
    }

    /// A session that just ended.
    public struct EndedSession: Sendable, Equatable {
        /// The session's token hash.
        public let tokenHash: [UInt8]
        /// Its user.
        public let user: UserID
        /// Why it ended.
        public let reason: SessionEnd

        /// An ended session.
        public init(tokenHash: [UInt8], user: UserID, reason: SessionEnd) {
            self.tokenHash = tokenHash
            self.user = user
            self.reason = reason
        }
    }

    private struct Entry {
        var record: SessionRecord
        /// The last request or command (or the last socket closing).
        var lastSeen: Timestamp
        /// Open live sockets of this session: while one is open the session is never idle.
        var sockets = 0
    }

    private struct State {
        var sessions: [[UInt8]: Entry] = [:]
        var users: [UserID: UserRecord] = [:]
        /// Kiosk links not revoked, by token hash, as the principal their token stands for (`kioskPrincipal`).
        var kiosks: [[UInt8]: UserRecord] = [:]
        var observer: (@Sendable ([EndedSession]) -> Void)?
    }

    private let state = Locked(State())
    private let clock: any WallClock
    /// Seconds without activity after which a session ends (nil: never idle).
    public let idleSeconds: Int64?

    /// An empty directory.
    /// - Parameters:
    ///   - clock: "now" for expiry and activity.
    ///   - idleSeconds: the idle expiry (default 30 minutes; nil: none).
    public init(clock: any WallClock, idleSeconds: Int64? = 30 * 60) {
        self.clock = clock
        self.idleSeconds = idleSeconds
    }

    /// Calls `body` (outside the directory's lock) with every session that ends from now on.
    public func observe(_ body: @escaping @Sendable ([EndedSession]) -> Void) { state.withLock { $0.observer = body } }

    /// Loads the users and the sessions still valid. A loaded session's idle time starts now (the last activity before
    /// a restart is not kept); its absolute expiry stands.
    public func load(users: [UserRecord], sessions: [SessionRecord]) {
        let now = clock.now()
        state.withLock { state in
            state.users = Dictionary(uniqueKeysWithValues: users.map { ($0.id, $0) })
            state.sessions = [:]
            for session in sessions where session.isValid(at: now) { state.sessions[session.tokenHash] = Entry(record: session, lastSeen: now) }
        }
    }

    /// The user behind a session cookie value, if the session is live (the call counts as its activity), or the
    /// principal of a kiosk link not revoked (a kiosk's cookie holds the link's token; it never idles).
    public func user(forToken token: String) -> UserRecord? {
        let hash = SessionToken(value: token).hash
        let now = clock.now()
        let (user, ended) = state.withLock { state -> (UserRecord?, EndedSession?) in
            guard var entry = state.sessions[hash] else { return (state.kiosks[hash], nil) }
            if let end = end(of: entry, at: now) {
                state.sessions[hash] = nil
                return (nil, EndedSession(tokenHash: hash, user: entry.record.userID, reason: end))
            }
            entry.lastSeen = now
            state.sessions[hash] = entry
            return (state.users[entry.record.userID], nil)
        }
        if let ended { report([ended]) }
        return user
    }

    /// Why `entry` is over at `now`, nil while it is live.
    private func end(of entry: Entry, at now: Timestamp) -> SessionEnd? {
        if !entry.record.isValid(at: now) { return .expired }
        if let idleSeconds, entry.sockets == 0, entry.lastSeen.adding(seconds: idleSeconds) <= now { return .idle }
        return nil
    }

    /// The domain's view of a user (role and supervised campaigns).
    public static func caller(for user: UserRecord) -> Caller {
        let role: Caller.Role = switch user.role {
        case .admin: .admin
        case .supervisor: .supervisor
        case .agent: .agent
        case .kiosk: .kiosk
        }
        return Caller(user: user.id, role: role, campaigns: Set(user.supervisorScopes))
    }

    /// A new session (a login), active from now.
    public func added(_ session: SessionRecord) {
        let now = clock.now()
        state.withLock { $0.sessions[session.tokenHash] = Entry(record: session, lastSeen: now) }
    }

    // MARK: - Kiosk links

    /// The principal a kiosk link's token stands for: role `kiosk`, the link's campaigns as its scope, and an id no
    /// user has (the link's id, negated), so its sockets and audit lines are its own.
    public static func kioskPrincipal(_ link: KioskLinkRecord) -> UserRecord {
        UserRecord(id: UserID(-link.id), username: "kiosk-\(link.id)", displayName: link.name, role: .kiosk, monitorScreen: false,
                   supervisorScopes: link.campaigns, createdAt: link.createdAt)
    }

    /// Loads the kiosk links (at start): those not revoked open the wallboard.
    public func loadKioskLinks(_ links: [KioskLinkRecord]) {
        state.withLock { state in
            state.kiosks = [:]
            for link in links where link.revokedAt == nil { state.kiosks[link.tokenHash] = Self.kioskPrincipal(link) }
        }
    }

    /// A new kiosk link: its token opens the wallboard from now on.
    public func kioskLinkAdded(_ link: KioskLinkRecord) {
        state.withLock { $0.kiosks[link.tokenHash] = Self.kioskPrincipal(link) }
    }

    /// A revoked kiosk link: its token opens nothing any more, and the sockets it opened close (reported as revoked).
    public func kioskLinkRevoked(_ link: KioskLinkRecord) {
        let ended = state.withLock { state -> [EndedSession] in
            guard let principal = state.kiosks.removeValue(forKey: link.tokenHash) else { return [] }
            return [EndedSession(tokenHash: link.tokenHash, user: principal.id, reason: .revoked)]
        }
        report(ended)
    }

    // MARK: - Live sockets

    /// A live socket of the session opened: the session stays active while it is open.
    public func socketOpened(tokenHash: [UInt8]) {
        state.withLock { state in state.sessions[tokenHash]?.sockets += 1 }
    }

    /// A live socket of the session closed: its idle time starts now (once no other socket is open).
    public func socketClosed(tokenHash: [UInt8]) {
        let now = clock.now()
        state.withLock { state in
            guard var entry = state.sessions[tokenHash] else { return }
            entry.sockets = max(0, entry.sockets - 1)
            entry.lastSeen = now
            state.sessions[tokenHash] = entry
        }
    }

    // MARK: - Ends

    /// Ends the sessions whose absolute or idle expiry passed (the periodic sweep: a socket left open past the
    /// absolute expiry is closed even when it sends nothing).
    /// - Returns: the sessions ended (also reported to the observer).
    @discardableResult
    public func expire() -> [EndedSession] {
        let now = clock.now()
        let ended = state.withLock { state -> [EndedSession] in
            var ended: [EndedSession] = []
            for (hash, entry) in state.sessions {
                guard let end = end(of: entry, at: now) else { continue }
                ended.append(EndedSession(tokenHash: hash, user: entry.record.userID, reason: end))
            }
            for session in ended { state.sessions[session.tokenHash] = nil }
            return ended
        }
        report(ended)
        return ended
    }

    /// Ends one session (logout).
    public func revoked(tokenHash: [UInt8], reason: SessionEnd = .loggedOut) {
        let ended = state.withLock { state -> [EndedSession] in
            guard let entry = state.sessions.removeValue(forKey: tokenHash) else { return [] }
            return [EndedSession(tokenHash: tokenHash, user: entry.record.userID, reason: reason)]
        }
        report(ended)
    }

    /// Ends every session of `user` but `kept` (supervisor disconnect, password change).
    public func revokedAll(of user: UserID, reason: SessionEnd, except kept: [UInt8]? = nil) {
        let ended = state.withLock { state in Self.remove(from: &state, user: user, reason: reason, except: kept) }
        report(ended)
    }

    /// The user's sessions, newest first (the administrators' session list).
    public func sessions(of user: UserID) -> [(record: SessionRecord, lastSeen: Timestamp, sockets: Int)] {
        state.withLock { state in
            state.sessions.values.filter { $0.record.userID == user }.sorted { $0.record.createdAt > $1.record.createdAt }
                .map { ($0.record, $0.lastSeen, $0.sockets) }
        }
    }

    /// A live session by its public id (`SessionView.publicID` of its token hash), for the administrators' revoke.
    public func session(publicID: String) -> SessionRecord? {
        state.withLock { state in state.sessions.first { SessionView.publicID($0.key) == publicID }?.value.record }
    }

    /// Keeps the directory's copy of a user in step with the store.
    public func updated(_ user: UserRecord) { state.withLock { $0.users[user.id] = user } }

    /// Forgets a deleted user and ends its sessions.
    public func removed(_ user: UserID) {
        let ended = state.withLock { state in
            state.users[user] = nil
            return Self.remove(from: &state, user: user, reason: .userRemoved, except: nil)
        }
        report(ended)
    }

    /// A user by id (for the API's answers).
    public func user(_ id: UserID) -> UserRecord? { state.withLock { $0.users[id] } }

    private static func remove(from state: inout State, user: UserID, reason: SessionEnd, except kept: [UInt8]?) -> [EndedSession] {
        var ended: [EndedSession] = []
        for (hash, entry) in state.sessions where entry.record.userID == user && hash != kept {
            ended.append(EndedSession(tokenHash: hash, user: user, reason: reason))
        }
        for session in ended { state.sessions[session.tokenHash] = nil }
        return ended
    }

    private func report(_ ended: [EndedSession]) {
        guard !ended.isEmpty, let observer = state.withLock({ $0.observer }) else { return }
        observer(ended)
    }
}
