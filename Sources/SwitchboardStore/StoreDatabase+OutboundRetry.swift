import SwitchboardDomain

// MARK: - Claiming attempts and sending a failed message again

extension StoreDatabase {
    /// Counts one more attempt of a message still in the queue, before it is made (a crash mid-attempt still counts
    /// it). A sender calls this before every attempt: nil means the message left the queue (accepted or failed, by
    /// another attempt or a run before), so it must not be sent.
    /// - Returns: the attempts made, this one included; nil when the message is not pending.
    public func claimOutboundAttempt(_ id: MessageID) async throws(StoreError) -> Int? {
        try await write { c throws(StoreError) in
            try c.scalar("UPDATE outbound SET attempts = attempts + 1 WHERE message_id = ? AND pending = 1 RETURNING attempts",
                         [.integer(id.rawValue)]).map { Int($0) }
        }
    }

    /// The agent sends a failed message again: it is queued anew (its attempts start over, under a new
    /// Idempotency-Key: the provider refused the old one's request) and its delivery is `pending` again.
    /// - Parameters:
    ///   - interaction: the message's interaction.
    ///   - lineIndex: its transcript line's index.
    ///   - agent: who asks (only the message's writer may).
    ///   - now: the instant of the change.
    /// - Returns: the queued message and the delivery change to publish.
    /// - Throws: `.notFound` when no such message of that agent was queued, `.conflict` when it has not failed.
    public func retryOutbound(interaction: InteractionID, lineIndex: Int, agent: AgentID, at now: Timestamp) async throws(StoreError)
        -> (OutboundMessage, DeliveryUpdate) {
        try await write { c throws(StoreError) in
            let row = try c.with("""
                SELECT o.message_id, o.provider_id, o.from_number, o.to_number, o.body, m.delivery, i.campaign_id,
                       o.template_name, o.template_language, o.template_content_sid, o.template_parameters
                FROM outbound o JOIN messages m ON m.id = o.message_id JOIN interactions i ON i.id = o.interaction_id
                WHERE o.interaction_id = ? AND o.line_index = ? AND o.agent_id = ?
                """) { s throws(StoreError) -> (Int64, Int64, String, String, String, String?, Int64, TemplateSend?)? in
                s.bind(1, interaction.rawValue)
                s.bind(2, lineIndex)
                s.bind(3, agent.rawValue)
                return try s.step()
                    ? (s.int64(0), s.int64(1), s.text(2), s.text(3), s.text(4), s.optionalText(5), s.int64(6), Self.template(s, from: 7))
                    : nil
            }
            guard let (id, provider, from, to, body, delivery, campaign, template) = row else {
                throw StoreError.notFound("message \(lineIndex) of interaction \(interaction)")
            }
            guard delivery == DeliveryState.failed.rawValue else { throw StoreError.conflict("message \(lineIndex) has not failed") }
            let key = try c.with("""
                UPDATE outbound SET pending = 1, attempts = 0, idempotency_key = 'sb-' || message_id || '-' || lower(hex(randomblob(8)))
                WHERE message_id = ? RETURNING idempotency_key
                """) { s throws(StoreError) -> String in
                s.bind(1, id)
                _ = try s.step()
                return s.text(0)
            }
            try c.run("UPDATE messages SET delivery = 'pending', delivery_reason = NULL WHERE id = ?", [.integer(id)])
            let message = OutboundMessage(id: MessageID(id), interaction: interaction, lineIndex: lineIndex, provider: ProviderID(provider),
                                          agent: agent, from: from, to: to, body: body, template: template, idempotencyKey: key, attempts: 0,
                                          queuedAt: now)
            let update = DeliveryUpdate(interaction: interaction, campaign: CampaignID(campaign), index: lineIndex, agent: agent,
                                        state: .pending, reason: nil, at: now)
            return (message, update)
        }
    }
}
