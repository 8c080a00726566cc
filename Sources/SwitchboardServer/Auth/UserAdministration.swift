import SwitchboardDomain
import SwitchboardStore

/// `switchboard user add/passwd/list/disable` on the database file (the first administrator, and recovery when no
/// administrator can log in). Each change that ends logins revokes the user's sessions in the store, so a server
/// started afterwards does not load them; a server running meanwhile keeps its in-memory sessions until it restarts,
/// so use the REST API against a running server.
public struct UserAdministration: Sendable {
    /// Why a command refused.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case unknownUser(String)
        case badPassword(String)
        case badRole(String)
        case lastAdministrator
        case store(String)

        public var description: String {
            switch self {
            case .unknownUser(let name): "no user named \(name)"
            case .badPassword(let why): "password \(why)"
            case .badRole(let role): "unknown role \(role): admin, supervisor or agent"
            case .lastAdministrator: "the last enabled administrator cannot be disabled"
            case .store(let message): "the database refused: \(message)"
            }
        }
    }

    /// One row of `user list`.
    public struct Row: Sendable, Equatable {
        public let user: UserRecord
        public let disabled: Bool
    }

    let store: StoreDatabase
    let clock: any WallClock
    let iterations: Int?

    /// Administration of `store`'s users (`iterations`: PBKDF2 rounds, nil for the default; tests lower it).
    public init(store: StoreDatabase, clock: any WallClock, iterations: Int? = nil) {
        self.store = store
        self.clock = clock
        self.iterations = iterations
    }

    private func hash(_ password: String) throws(Failure) -> String {
        if password.count < 8 { throw .badPassword("must be at least 8 characters") }
        if password.count > 256 { throw .badPassword("must be at most 256 characters") }
        return iterations.map { PasswordHasher.hash(password, iterations: $0) } ?? PasswordHasher.hash(password)
    }

    private func run<T>(_ body: () async throws(StoreError) -> T) async throws(Failure) -> T {
        do throws(StoreError) { return try await body() } catch { throw .store("\(error)") }
    }

    /// The user named `username` (case-insensitive, as logins are).
    func find(_ username: String) async throws(Failure) -> UserRecord {
        let users = try await run { () throws(StoreError) in try await store.users() }
        guard let user = users.first(where: { $0.username.lowercased() == username.lowercased() }) else { throw .unknownUser(username) }
        return user
    }

    /// Creates a user.
    public func add(username: String, name: String?, role: String, password: String) async throws(Failure) -> UserRecord {
        guard let role = UserRole(rawValue: role), UserRole.accountRoles.contains(role) else { throw .badRole(role) }
        let hash = try hash(password)
        return try await run { () throws(StoreError) in
            try await store.createUser(NewUser(username: username, displayName: name ?? username, role: role, passwordHash: hash),
                                       at: clock.now())
        }
    }

    /// Sets a new password and ends the user's sessions.
    public func setPassword(username: String, password: String) async throws(Failure) {
        let hash = try hash(password)
        let user = try await find(username)
        try await run { () throws(StoreError) in
            try await store.setPasswordHash(hash, for: user.id)
            _ = try await store.revokeSessions(of: user.id, at: clock.now())
        }
    }

    /// Every user with whether it is disabled, by username.
    public func list() async throws(Failure) -> [Row] {
        let users = try await run { () throws(StoreError) in try await store.users() }
        let disabled = try await run { () throws(StoreError) in try await store.disabledUsers() }
        return users.map { Row(user: $0, disabled: disabled.contains($0.id)) }
    }

    /// Disables a user (its login fails, its sessions end) or enables it again; the last enabled administrator stays.
    public func setDisabled(username: String, _ disabled: Bool) async throws(Failure) {
        let user = try await find(username)
        if disabled && user.role == .admin {
            let enabledAdmins = try await list().filter { $0.user.role == .admin && !$0.disabled }
            if enabledAdmins.count <= 1 && enabledAdmins.contains(where: { $0.user.id == user.id }) { throw .lastAdministrator }
        }
        try await run { () throws(StoreError) in try await store.setDisabled(user.id, at: disabled ? clock.now() : nil) }
    }
}
