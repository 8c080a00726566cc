import SwitchboardDomain

// MARK: - Reading interactions back: the start-up rebuild and the transcript

extension StoreDatabase {
    static let interactionColumns = """
        id, campaign_id, provider_id, heynow_number, direction, state, agent_id, subject, enqueued_at, first_taken_at,
        taken_at, first_agent_reply_at, closed_at, abandoned_at, message_count, last_message_at, disposition
        """

    static func readInteraction(_ s: SQLiteStatement) -> InteractionRecord {
        func time(_ column: Int32) -> Timestamp? { s.optionalInt64(column).map(Timestamp.init) }
        var record = InteractionRecord(
            id: InteractionID(s.int64(0)), campaignID: CampaignID(s.int64(1)), providerID: s.optionalInt64(2).map(ProviderID.init),
            heyNowNumber: s.text(3), direction: InteractionDirection(rawValue: s.text(4)) ?? .incoming,
            state: InteractionState(rawValue: s.text(5)) ?? .closed, agentID: s.optionalInt64(6).map(AgentID.init),
            subject: s.optionalText(7), enqueuedAt: Timestamp(milliseconds: s.int64(8)), firstTakenAt: time(9), takenAt: time(10),
            firstAgentReplyAt: time(11), closedAt: time(12), abandonedAt: time(13), messageCount: s.int(14),
            lastMessageAt: time(15))
        record.disposition = s.optionalText(16)
        return record
    }

    private func interactions(_ sql: String, _ values: [SQLiteValue]) async throws(StoreError) -> [InteractionRecord] {
        try await read { c throws(StoreError) in
            try c.with(sql) { s throws(StoreError) in
                s.bind(values)
                var result: [InteractionRecord] = []
                while try s.step() { result.append(Self.readInteraction(s)) }
                return result
            }
        }
    }

    /// Every live interaction (queued, reserved, active), by campaign then enqueue time: the queues, the active
    /// interactions and who holds them, to rebuild the live state at start.
    public func openInteractions() async throws(StoreError) -> [InteractionRecord] {
        try await interactions("""
            SELECT \(Self.interactionColumns) FROM interactions WHERE state IN ('queued', 'reserved', 'active')
            ORDER BY campaign_id, enqueued_at, id
            """, [])
    }

    /// The ids of the interactions that started or ended at or after `?1`, plus every live one: one index range
    /// each (an OR of the three scans the whole table). Queries start from them with CROSS JOIN, which SQLite
    /// never reorders: an `id IN (…)` may still walk every row when the planner misjudges the table.
    static let touchedIDs = """
        SELECT id AS touched_id FROM interactions WHERE enqueued_at >= ?1
        UNION SELECT id FROM interactions WHERE ended_at >= ?1
        UNION SELECT id FROM interactions WHERE state IN ('queued', 'reserved', 'active')
        """

    /// Interactions that started or ended at or after `since`, plus every live one: what today's statistics are
    /// rebuilt from at start (pass the earliest local midnight among the campaigns). Ordered by id.
    public func interactions(touchedSince since: Timestamp) async throws(StoreError) -> [InteractionRecord] {
        try await interactions("""
            SELECT \(Self.interactionColumns) FROM (\(Self.touchedIDs)) AS touched CROSS JOIN interactions ON id = touched_id
            ORDER BY interactions.id
            """, [.integer(since.milliseconds)])
    }

    /// The takes undone by requeues of the interactions `interactions(touchedSince:)` returns, in the order they
    /// happened (see `RequeueRecord`).
    public func requeues(touchedSince since: Timestamp) async throws(StoreError) -> [RequeueRecord] {
        try await read { c throws(StoreError) in
            try c.with("""
                SELECT r.interaction_id, r.at, r.agent_id, r.taken_at FROM (\(Self.touchedIDs)) AS touched
                CROSS JOIN requeues r ON r.interaction_id = touched_id
                ORDER BY r.id
                """) { s throws(StoreError) in
                s.bind(1, since.milliseconds)
                var result: [RequeueRecord] = []
                while try s.step() {
                    result.append(RequeueRecord(
                        interactionID: InteractionID(s.int64(0)), at: Timestamp(milliseconds: s.int64(1)),
                        agentID: s.optionalInt64(2).map(AgentID.init), takenAt: s.optionalInt64(3).map(Timestamp.init)))
                }
                return result
            }
        }
    }

    /// Agents' status changes (audit action `agent.status`) from `since` on, preceded by each agent's last one
    /// before `since` (its state when the replay starts), in the order they happened.
    public func agentStatusChanges(since: Timestamp) async throws(StoreError) -> [AuditEntry] {
        try await read { c throws(StoreError) in
            // INDEXED BY: the day's entries are a range of the time index; the partial index would walk every status
            // change ever recorded. Each agent's last earlier one is one descent of the partial index.
            try c.with("""
                SELECT id, at, actor_id, action, target, detail FROM audit_log INDEXED BY audit_by_time
                WHERE at >= ?1 AND action = 'agent.status'
                UNION ALL
                SELECT id, at, actor_id, action, target, detail FROM audit_log WHERE id IN (
                    SELECT (SELECT b.id FROM audit_log b WHERE b.action = 'agent.status' AND b.actor_id = u.id AND b.at < ?1
                            ORDER BY b.at DESC, b.id DESC LIMIT 1)
                    FROM users u)
                ORDER BY at, id
                """) { s throws(StoreError) in
                s.bind(1, since.milliseconds)
                var result: [AuditEntry] = []
                while try s.step() {
                    result.append(AuditEntry(id: s.int64(0), at: Timestamp(milliseconds: s.int64(1)),
                                             actorID: s.optionalInt64(2).map(UserID.init), action: s.text(3),
                                             target: s.optionalText(4), detail: s.optionalText(5)))
                }
                return result
            }
        }
    }

    /// Keeps the take a requeue is about to undo (in the requeue's transaction, before the row forgets it).
    static func recordRequeue(at: Timestamp, _ id: Int64, _ c: SQLiteConnection) throws(StoreError) {
        try c.with("""
            INSERT INTO requeues(interaction_id, at, agent_id, taken_at)
            SELECT id, ?1, agent_id, taken_at FROM interactions WHERE id = ?2 AND state = 'active'
            """) { s throws(StoreError) in
            s.bind(1, at.milliseconds)
            s.bind(2, id)
            try s.run()
        }
    }

    /// One interaction, nil when unknown.
    public func interaction(_ id: InteractionID) async throws(StoreError) -> InteractionRecord? {
        try await interactions("SELECT \(Self.interactionColumns) FROM interactions WHERE id = ?", [.integer(id.rawValue)]).first
    }

    /// The messages of an interaction in order (the transcript view; see `transcriptMessages`).
    public func transcript(_ id: InteractionID) async throws(StoreError) -> [MessageRecord] {
        try await read { c throws(StoreError) in try Self.transcriptMessages(id.rawValue, c) }
    }

    /// Sets the provider's message id of an outbound message once the provider accepted it (for delivery states).
    /// - Throws: `.notFound` for an unknown message, `.conflict` when another message has that provider id.
    public func setProviderMessageID(_ providerMessageID: String, provider: ProviderID, for message: MessageID)
        async throws(StoreError) {
        try await write { c throws(StoreError) in
            do throws(StoreError) {
                try c.run("UPDATE messages SET provider_id = ?, provider_message_id = ? WHERE id = ?",
                          [.integer(provider.rawValue), .text(providerMessageID), .integer(message.rawValue)])
            } catch {
                throw Self.mapConstraint(error, conflict: "provider message \(providerMessageID)", missing: "message")
            }
            if c.changes == 0 { throw StoreError.notFound("message \(message)") }
        }
    }
}
