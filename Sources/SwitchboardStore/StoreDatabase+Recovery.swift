import SwitchboardDomain

// MARK: - Reading interactions back: the start-up rebuild and the transcript

extension StoreDatabase {
    static let interactionColumns = """
        id, campaign_id, provider_id, heynow_number, direction, state, agent_id, subject, enqueued_at, first_taken_at,
        taken_at, first_agent_reply_at, closed_at, abandoned_at, message_count, last_message_at
        """

    static func readInteraction(_ s: SQLiteStatement) -> InteractionRecord {
        func time(_ column: Int32) -> Timestamp? { s.optionalInt64(column).map(Timestamp.init) }
        return InteractionRecord(
            id: InteractionID(s.int64(0)), campaignID: CampaignID(s.int64(1)), providerID: s.optionalInt64(2).map(ProviderID.init),
            heyNowNumber: s.text(3), direction: InteractionDirection(rawValue: s.text(4)) ?? .incoming,
            state: InteractionState(rawValue: s.text(5)) ?? .closed, agentID: s.optionalInt64(6).map(AgentID.init),
            subject: s.optionalText(7), enqueuedAt: Timestamp(milliseconds: s.int64(8)), firstTakenAt: time(9), takenAt: time(10),
            firstAgentReplyAt: time(11), closedAt: time(12), abandonedAt: time(13), messageCount: s.int(14),
            lastMessageAt: time(15))
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

    /// Interactions that started or ended at or after `since`, plus every live one: what today's statistics are
    /// rebuilt from at start (pass the earliest local midnight among the campaigns). Ordered by id.
    public func interactions(touchedSince since: Timestamp) async throws(StoreError) -> [InteractionRecord] {
        try await interactions("""
            SELECT \(Self.interactionColumns) FROM interactions
            WHERE enqueued_at >= ?1 OR ended_at >= ?1 OR state IN ('queued', 'reserved', 'active')
            ORDER BY id
            """, [.integer(since.milliseconds)])
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
