import SwitchboardDomain

// MARK: - Fire-and-forget writes for the live layer (domain effects), and a commit barrier

extension StoreDatabase {
    /// Queues an interaction event for the writer's next batch; `completion` runs on the writer thread after the
    /// commit (or with the failure). For effect sinks that must not block or create a task per effect.
    public func recordLater(_ event: InteractionEvent, for id: InteractionID,
                            completion: @escaping @Sendable (Result<Void, StoreError>) -> Void) {
        write({ c throws(StoreError) in try Self.record(event, id.rawValue, c) }, completion: completion)
    }

    /// Queues an audit entry; `completion` runs on the writer thread after the commit.
    public func appendAuditLater(_ entry: AuditEntry, completion: @escaping @Sendable (Result<Void, StoreError>) -> Void) {
        write({ c throws(StoreError) in try Self.insertAudit(entry, c) }, completion: completion)
    }

    /// Queues a supervisor chat line; `completion` runs on the writer thread after the commit.
    public func appendChatLater(agent: AgentID, supervisor: UserID, fromSupervisor: Bool, at: Timestamp, body: String,
                                completion: @escaping @Sendable (Result<Void, StoreError>) -> Void) {
        write({ c throws(StoreError) in
            try c.run("INSERT INTO supervisor_chat(agent_id, supervisor_id, from_supervisor, at, body) VALUES (?, ?, ?, ?, ?)", [
                .integer(agent.rawValue), .integer(supervisor.rawValue), .integer(fromSupervisor ? 1 : 0), .integer(at.milliseconds),
                .text(body),
            ])
        }, completion: completion)
    }

    /// Queues the revocation of every live session of a user; `completion` runs after the commit.
    public func revokeSessionsLater(of user: UserID, at now: Timestamp,
                                    completion: @escaping @Sendable (Result<Void, StoreError>) -> Void) {
        write({ c throws(StoreError) in
            try c.run("UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
                      [.integer(now.milliseconds), .integer(user.rawValue)])
        }, completion: completion)
    }

    /// Queues the revocation of one session (it ended idle); `completion` runs after the commit.
    public func revokeSessionLater(tokenHash: [UInt8], at now: Timestamp,
                                   completion: @escaping @Sendable (Result<Void, StoreError>) -> Void) {
        write({ c throws(StoreError) in
            try c.run("UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL",
                      [.integer(now.milliseconds), .blob(tokenHash)])
        }, completion: completion)
    }

    /// Returns once everything queued for the writer before this call is committed (the writer is FIFO and
    /// commits batches in order): a command is acknowledged only after the effects it caused are durable.
    /// - Throws: `.closed` after `close()`.
    public func barrier() async throws(StoreError) {
        try await write { _ throws(StoreError) in () }
    }
}
