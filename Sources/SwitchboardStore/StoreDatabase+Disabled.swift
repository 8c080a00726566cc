import SwitchboardDomain

// MARK: - Disabled users

extension StoreDatabase {
    /// Disables a user (it can no longer log in, and its sessions end) or enables it again (`at` nil).
    /// - Parameters:
    ///   - id: the user.
    ///   - at: when it was disabled; nil enables it.
    /// - Throws: `.notFound` for an unknown user.
    public func setDisabled(_ id: UserID, at: Timestamp?) async throws(StoreError) {
        try await write { c throws(StoreError) in
            try c.run("UPDATE users SET disabled_at = ? WHERE id = ?", [at.map { .integer($0.milliseconds) } ?? .null, .integer(id.rawValue)])
            if c.changes == 0 { throw StoreError.notFound("user \(id)") }
            if let at {
                try c.run("UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
                          [.integer(at.milliseconds), .integer(id.rawValue)])
            }
        }
    }

    /// The users that are disabled.
    public func disabledUsers() async throws(StoreError) -> Set<UserID> {
        try await read { c throws(StoreError) in
            try c.with("SELECT id FROM users WHERE disabled_at IS NOT NULL") { s throws(StoreError) in
                var result: Set<UserID> = []
                while try s.step() { result.insert(UserID(s.int64(0))) }
                return result
            }
        }
    }
}
