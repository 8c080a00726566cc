import SwitchboardDomain

extension StoreDatabase {
    /// Every session not revoked and not expired at `now` (the server holds them in memory).
    public func liveSessions(at now: Timestamp) async throws(StoreError) -> [SessionRecord] {
        try await read { c throws(StoreError) in
            try c.with(
                "SELECT token_hash, user_id, created_at, expires_at FROM sessions WHERE revoked_at IS NULL AND expires_at > ?"
            ) { s throws(StoreError) in
                s.bind(1, now.milliseconds)
                var sessions: [SessionRecord] = []
                while try s.step() {
                    sessions.append(SessionRecord(
                        tokenHash: s.blob(0), userID: UserID(s.int64(1)), createdAt: Timestamp(milliseconds: s.int64(2)),
                        expiresAt: Timestamp(milliseconds: s.int64(3)), revokedAt: nil))
                }
                return sessions
            }
        }
    }
}
