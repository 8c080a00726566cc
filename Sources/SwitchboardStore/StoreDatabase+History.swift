import SwitchboardDomain

// MARK: - A customer's earlier interactions (the inbox's "previous messages")

extension StoreDatabase {
    /// The most earlier interactions `previousInteractions` returns.
    public static let historyInteractionLimit = 10
    /// The most messages it returns per interaction (the newest).
    public static let historyMessageLimit = 50

    /// The interactions of `customer` in `campaigns` enqueued before `interaction` (itself excluded), newest first,
    /// each with its last messages. Read through `interactions_by_number`, so the cost is that customer's rows.
    /// - Parameters:
    ///   - interaction: the interaction the agent holds.
    ///   - customer: its customer's number.
    ///   - campaigns: where to look (the agent's campaigns).
    ///   - limit: the most interactions (capped at `historyInteractionLimit`).
    /// - Returns: newest first; empty for a first-time customer.
    public func previousInteractions(before interaction: InteractionID, customer: String, in campaigns: Set<CampaignID>,
                                     limit: Int = historyInteractionLimit) async throws(StoreError) -> [PastInteraction] {
        guard !campaigns.isEmpty else { return [] }
        let cap = max(0, min(limit, Self.historyInteractionLimit))
        let inList = campaigns.map { String($0.rawValue) }.sorted().joined(separator: ",")
        return try await read { c throws(StoreError) in
            var found: [PastInteraction] = []
            try c.with("""
                SELECT id, campaign_id, enqueued_at, direction, state, agent_id, subject, disposition, message_count
                FROM interactions INDEXED BY interactions_by_number
                WHERE heynow_number = ?1 AND campaign_id IN (\(inList)) AND id <> ?2
                  AND enqueued_at <= (SELECT enqueued_at FROM interactions WHERE id = ?2)
                ORDER BY enqueued_at DESC, id DESC LIMIT ?3
                """) { s throws(StoreError) in
                s.bind(1, customer)
                s.bind(2, interaction.rawValue)
                s.bind(3, cap)
                while try s.step() {
                    found.append(PastInteraction(
                        id: InteractionID(s.int64(0)), campaignID: CampaignID(s.int64(1)), date: Timestamp(milliseconds: s.int64(2)),
                        address: InteractionDirection(rawValue: s.text(3)) ?? .incoming,
                        state: InteractionState(rawValue: s.text(4)) ?? .closed, agentID: s.optionalInt64(5).map(AgentID.init),
                        subject: s.optionalText(6), disposition: s.optionalText(7), messageCount: s.int(8), messages: []))
                }
            }
            for i in found.indices {
                found[i].messages = Array(try Self.transcriptMessages(found[i].id.rawValue, c).suffix(Self.historyMessageLimit))
            }
            return found
        }
    }
}
