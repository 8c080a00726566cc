import SwitchboardDomain

// MARK: - Supervisor chat and audit log

extension StoreDatabase {
    /// Appends a chat line between a supervisor and an agent; returns it with its id, after the commit.
    public func appendChat(agent: AgentID, supervisor: UserID, fromSupervisor: Bool, at: Timestamp, body: String)
        async throws(StoreError) -> ChatMessageRecord {
        try await write { c throws(StoreError) in
            try c.run("INSERT INTO supervisor_chat(agent_id, supervisor_id, from_supervisor, at, body) VALUES (?, ?, ?, ?, ?)", [
                .integer(agent.rawValue), .integer(supervisor.rawValue), .integer(fromSupervisor ? 1 : 0), .integer(at.milliseconds),
                .text(body),
            ])
            return ChatMessageRecord(id: c.lastInsertRowID, agentID: agent, supervisorID: supervisor, fromSupervisor: fromSupervisor,
                                     at: at, body: body)
        }
    }

    /// The last `limit` chat lines of an agent (with any supervisor), oldest first; `before` pages back by id.
    public func chat(agent: AgentID, before: Int64? = nil, limit: Int = 100) async throws(StoreError) -> [ChatMessageRecord] {
        try await read { c throws(StoreError) in
            try c.with("""
                SELECT id, supervisor_id, from_supervisor, at, body FROM supervisor_chat
                WHERE agent_id = ? AND id < ? ORDER BY id DESC LIMIT ?
                """) { s throws(StoreError) in
                s.bind(1, agent.rawValue)
                s.bind(2, before ?? Int64.max)
                s.bind(3, limit)
                var result: [ChatMessageRecord] = []
                while try s.step() {
                    result.append(ChatMessageRecord(id: s.int64(0), agentID: agent, supervisorID: UserID(s.int64(1)),
                                                    fromSupervisor: s.bool(2), at: Timestamp(milliseconds: s.int64(3)), body: s.text(4)))
                }
                return result.reversed()
            }
        }
    }

    /// Appends an audit entry; returns its id after the commit.
    @discardableResult
    public func appendAudit(_ entry: AuditEntry) async throws(StoreError) -> Int64 {
        try await write { c throws(StoreError) in
            try Self.insertAudit(entry, c)
            return c.lastInsertRowID
        }
    }

    /// The one INSERT of the audit log (the table is append-only: nothing updates a line; only the retention deletes).
    static func insertAudit(_ entry: AuditEntry, _ c: SQLiteConnection) throws(StoreError) {
        func text(_ value: String?) -> SQLiteValue { value.map { .text($0) } ?? .null }
        try c.run("""
            INSERT INTO audit_log(at, actor_id, action, target, detail, actor_role, address, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, [
            .integer(entry.at.milliseconds), entry.actorID.map { .integer($0.rawValue) } ?? .null, .text(entry.action),
            text(entry.target), text(entry.detail), text(entry.actorRole), text(entry.address), text(entry.userAgent),
        ])
    }

    /// Audit entries in `[since, until)`, newest first, at most `limit`; `actor` narrows to one user.
    public func auditLog(since: Timestamp? = nil, until: Timestamp? = nil, actor: UserID? = nil, limit: Int = 200)
        async throws(StoreError) -> [AuditEntry] {
        try await read { c throws(StoreError) in
            try c.with("""
                SELECT \(Self.auditColumns) FROM audit_log
                WHERE at >= ? AND at < ? AND (?3 IS NULL OR actor_id = ?3) ORDER BY at DESC, id DESC LIMIT ?4
                """) { s throws(StoreError) in
                s.bind(1, since?.milliseconds ?? Int64.min)
                s.bind(2, until?.milliseconds ?? Int64.max)
                s.bind(3, actor?.rawValue)
                s.bind(4, limit)
                var result: [AuditEntry] = []
                while try s.step() { result.append(Self.auditEntry(s)) }
                return result
            }
        }
    }
}
