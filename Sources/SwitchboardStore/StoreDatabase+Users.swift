import SwitchboardDomain

// MARK: - Users, supervisor scopes and sessions

extension StoreDatabase {
    static let userColumns = "id, username, display_name, role, monitor_screen, created_at"

    static func readUser(_ s: SQLiteStatement, _ connection: SQLiteConnection) throws(StoreError) -> UserRecord {
        let id = s.int64(0)
        let role = UserRole(rawValue: s.text(3)) ?? .agent
        return UserRecord(
            id: UserID(id), username: s.text(1), displayName: s.text(2), role: role, monitorScreen: s.bool(4),
            supervisorScopes: role == .supervisor ? try scopes(of: id, connection) : [],
            createdAt: Timestamp(milliseconds: s.int64(5)))
    }

    static func scopes(of user: Int64, _ connection: SQLiteConnection) throws(StoreError) -> [CampaignID] {
        try connection.with("SELECT campaign_id FROM supervisor_scopes WHERE user_id = ? ORDER BY campaign_id") {
            s throws(StoreError) in
            s.bind(1, user)
            var result: [CampaignID] = []
            while try s.step() { result.append(CampaignID(s.int64(0))) }
            return result
        }
    }

    static func writeScopes(_ scopes: [CampaignID], of user: Int64, _ connection: SQLiteConnection) throws(StoreError) {
        try connection.run("DELETE FROM supervisor_scopes WHERE user_id = ?", [.integer(user)])
        for campaign in Set(scopes) {
            try connection.run("INSERT INTO supervisor_scopes(user_id, campaign_id) VALUES (?, ?)",
                               [.integer(user), .integer(campaign.rawValue)])
        }
    }

    static func user(_ id: Int64, _ connection: SQLiteConnection) throws(StoreError) -> UserRecord? {
        try connection.with("SELECT \(userColumns) FROM users WHERE id = ?") { s throws(StoreError) in
            s.bind(1, id)
            return try s.step() ? try readUser(s, connection) : nil
        }
    }

    /// Maps a UNIQUE violation to `.conflict(what)` and a foreign-key violation to `.notFound(missing)`.
    static func mapConstraint(_ error: StoreError, conflict: String, missing: String) -> StoreError {
        guard case .sqlite(let code, _, _) = error else { return error }
        switch code {
        case 2067, 1555: return .conflict(conflict)  // SQLITE_CONSTRAINT_UNIQUE, _PRIMARYKEY
        case 787: return .notFound(missing)  // SQLITE_CONSTRAINT_FOREIGNKEY
        default: return error
        }
    }

    /// Creates a user.
    /// - Parameters:
    ///   - new: the user's fields and password hash.
    ///   - now: the creation instant.
    /// - Returns: the stored user.
    /// - Throws: `.conflict` for a taken username, `.notFound` for an unknown scope campaign.
    public func createUser(_ new: NewUser, at now: Timestamp) async throws(StoreError) -> UserRecord {
        try await write { c throws(StoreError) in
            do throws(StoreError) {
                try c.run("""
                    INSERT INTO users(username, display_name, role, password_hash, monitor_screen, created_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """, [.text(new.username), .text(new.displayName), .text(new.role.rawValue), .text(new.passwordHash),
                          .integer(new.monitorScreen ? 1 : 0), .integer(now.milliseconds)])
                let id = c.lastInsertRowID
                if new.role == .supervisor { try Self.writeScopes(new.supervisorScopes, of: id, c) }
                guard let user = try Self.user(id, c) else { throw StoreError.notFound("user \(id)") }
                return user
            } catch {
                throw Self.mapConstraint(error, conflict: "username \(new.username)", missing: "campaign")
            }
        }
    }

    /// Changes a user's name, role, monitor-screen flag and (for supervisors) scopes; nil keeps a field.
    /// - Returns: the updated user.
    /// - Throws: `.notFound` for an unknown user or campaign.
    public func updateUser(
        _ id: UserID, displayName: String? = nil, role: UserRole? = nil, monitorScreen: Bool? = nil,
        supervisorScopes: [CampaignID]? = nil
    ) async throws(StoreError) -> UserRecord {
        try await write { c throws(StoreError) in
            guard let current = try Self.user(id.rawValue, c) else { throw StoreError.notFound("user \(id)") }
            let newRole = role ?? current.role
            try c.run("UPDATE users SET display_name = ?, role = ?, monitor_screen = ? WHERE id = ?", [
                .text(displayName ?? current.displayName), .text(newRole.rawValue),
                .integer((monitorScreen ?? current.monitorScreen) ? 1 : 0), .integer(id.rawValue),
            ])
            do throws(StoreError) {
                if newRole != .supervisor {
                    try Self.writeScopes([], of: id.rawValue, c)
                } else if let supervisorScopes {
                    try Self.writeScopes(supervisorScopes, of: id.rawValue, c)
                }
            } catch {
                throw Self.mapConstraint(error, conflict: "scope", missing: "campaign")
            }
            guard let user = try Self.user(id.rawValue, c) else { throw StoreError.notFound("user \(id)") }
            return user
        }
    }

    /// Replaces a user's password hash.
    /// - Throws: `.notFound` for an unknown user.
    public func setPasswordHash(_ hash: String, for id: UserID) async throws(StoreError) {
        try await write { c throws(StoreError) in
            try c.run("UPDATE users SET password_hash = ? WHERE id = ?", [.text(hash), .integer(id.rawValue)])
            if c.changes == 0 { throw StoreError.notFound("user \(id)") }
        }
    }

    /// Deletes a user with its sessions, memberships and scopes (recordings keep its id).
    /// - Throws: `.notFound` for an unknown user.
    public func deleteUser(_ id: UserID) async throws(StoreError) {
        try await write { c throws(StoreError) in
            try c.run("DELETE FROM users WHERE id = ?", [.integer(id.rawValue)])
            if c.changes == 0 { throw StoreError.notFound("user \(id)") }
        }
    }

    /// One user, nil when unknown.
    public func user(_ id: UserID) async throws(StoreError) -> UserRecord? {
        try await read { c throws(StoreError) in try Self.user(id.rawValue, c) }
    }

    /// Every user, by username.
    public func users() async throws(StoreError) -> [UserRecord] {
        try await read { c throws(StoreError) in
            try c.with("SELECT \(Self.userColumns) FROM users ORDER BY username") { s throws(StoreError) in
                var result: [UserRecord] = []
                while try s.step() { result.append(try Self.readUser(s, c)) }
                return result
            }
        }
    }

    /// A user and its password hash by username (case-insensitive), for the login code only.
    public func credentials(username: String) async throws(StoreError) -> UserCredentials? {
        try await read { c throws(StoreError) in
            // A disabled user has no credentials: its login fails like a wrong password.
            try c.with("SELECT \(Self.userColumns), password_hash FROM users WHERE username = ? AND disabled_at IS NULL") {
                s throws(StoreError) in
                s.bind(1, username)
                guard try s.step() else { return nil }
                return UserCredentials(user: try Self.readUser(s, c), passwordHash: s.text(6))
            }
        }
    }

    /// Sets the campaigns a supervisor sees.
    /// - Throws: `.notFound` for an unknown user or campaign, `.invalidArgument` for a non-supervisor.
    public func setSupervisorScopes(_ scopes: [CampaignID], for id: UserID) async throws(StoreError) {
        try await write { c throws(StoreError) in
            guard let user = try Self.user(id.rawValue, c) else { throw StoreError.notFound("user \(id)") }
            guard user.role == .supervisor else { throw StoreError.invalidArgument("user \(id) is not a supervisor") }
            do throws(StoreError) { try Self.writeScopes(scopes, of: id.rawValue, c) } catch {
                throw Self.mapConstraint(error, conflict: "scope", missing: "campaign")
            }
        }
    }

    // MARK: - Sessions

    /// Stores a new session.
    /// - Throws: `.notFound` for an unknown user, `.conflict` for a reused token hash.
    public func createSession(tokenHash: [UInt8], user: UserID, createdAt: Timestamp, expiresAt: Timestamp)
        async throws(StoreError) -> SessionRecord {
        try await write { c throws(StoreError) in
            do throws(StoreError) {
                try c.run("INSERT INTO sessions(token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)", [
                    .blob(tokenHash), .integer(user.rawValue), .integer(createdAt.milliseconds), .integer(expiresAt.milliseconds),
                ])
            } catch {
                throw Self.mapConstraint(error, conflict: "session", missing: "user \(user)")
            }
            return SessionRecord(tokenHash: tokenHash, userID: user, createdAt: createdAt, expiresAt: expiresAt, revokedAt: nil)
        }
    }

    /// The session with that token hash (valid or not), nil when unknown.
    public func session(tokenHash: [UInt8]) async throws(StoreError) -> SessionRecord? {
        try await read { c throws(StoreError) in
            try c.with("SELECT user_id, created_at, expires_at, revoked_at FROM sessions WHERE token_hash = ?") {
                s throws(StoreError) in
                s.bind(1, blob: tokenHash)
                guard try s.step() else { return nil }
                return SessionRecord(
                    tokenHash: tokenHash, userID: UserID(s.int64(0)), createdAt: Timestamp(milliseconds: s.int64(1)),
                    expiresAt: Timestamp(milliseconds: s.int64(2)), revokedAt: s.optionalInt64(3).map(Timestamp.init))
            }
        }
    }

    /// Revokes one session (logout). Returns whether a live session was revoked.
    @discardableResult
    public func revokeSession(tokenHash: [UInt8], at now: Timestamp) async throws(StoreError) -> Bool {
        try await write { c throws(StoreError) in
            try c.run("UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL",
                      [.integer(now.milliseconds), .blob(tokenHash)])
            return c.changes > 0
        }
    }

    /// Revokes every live session of a user (supervisor disconnect, password change) but the one whose token hash is
    /// `kept` (the session that changed its own password). Returns how many.
    @discardableResult
    public func revokeSessions(of user: UserID, at now: Timestamp, except kept: [UInt8]? = nil) async throws(StoreError) -> Int {
        try await write { c throws(StoreError) in
            try c.run("UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL AND token_hash IS NOT ?",
                      [.integer(now.milliseconds), .integer(user.rawValue), kept.map { .blob($0) } ?? .null])
            return c.changes
        }
    }

    /// Deletes sessions that expired before `cutoff`. Returns how many.
    @discardableResult
    public func deleteExpiredSessions(before cutoff: Timestamp) async throws(StoreError) -> Int {
        try await write { c throws(StoreError) in
            try c.run("DELETE FROM sessions WHERE expires_at < ?", [.integer(cutoff.milliseconds)])
            return c.changes
        }
    }
}
