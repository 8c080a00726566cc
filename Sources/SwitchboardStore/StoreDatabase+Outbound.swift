import SwitchboardDomain

// MARK: - The outbound queue and delivery states (schema `versionOutboundQueue`)

extension StoreDatabase {
    /// How long a status callback that names an unknown provider message id is kept for the answer that may follow it.
    static let earlyStatusMilliseconds: Int64 = 3_600_000

    /// Records an agent's message and queues it for the campaign's provider in the same transaction: once this
    /// returns, the message is both in the transcript (delivery `pending`) and in the queue.
    /// - Parameters:
    ///   - message: the agent's message (sender `.agent`).
    ///   - lineIndex: its live transcript line's index (the delivery deltas name it).
    /// - Returns: the queued message.
    /// - Throws: `.notFound` for an unknown interaction.
    ///   - template: the template it sends instead of free text (its body is the filled-in text), if any.
    public func appendOutbound(_ message: NewMessage, lineIndex: Int, template: TemplateSend? = nil) async throws(StoreError)
        -> OutboundMessage {
        try await write(appendsMessages: true) { c throws(StoreError) in
            try Self.appendOutbound(message, lineIndex: lineIndex, template: template, c)
        }
    }

    /// The separator of a template's stored parameters (a control character no value may hold).
    static let parameterSeparator = "\u{1F}"

    static func appendOutbound(_ m: NewMessage, lineIndex: Int, template: TemplateSend? = nil, _ c: SQLiteConnection)
        throws(StoreError) -> OutboundMessage {
        let route = try c.with("""
            SELECT c.provider_id, c.number, i.heynow_number FROM interactions i JOIN campaigns c ON c.id = i.campaign_id
            WHERE i.id = ?
            """) { s throws(StoreError) -> (Int64, String, String)? in
            s.bind(1, m.interactionID.rawValue)
            return try s.step() ? (s.int64(0), s.text(1), s.text(2)) : nil
        }
        guard let (provider, from, to) = route else { throw StoreError.notFound("interaction \(m.interactionID)") }
        guard let id = try insertMessage(interaction: m.interactionID.rawValue, sender: m.sender, agent: m.agentID?.rawValue,
                                         provider: nil, providerMessageID: nil, at: m.at.milliseconds, body: m.body, c) else {
            throw StoreError.conflict("message")  // unreachable: no provider message id, nothing to deduplicate
        }
        try c.run("UPDATE messages SET delivery = 'pending' WHERE id = ?", [.integer(id.rawValue)])
        let key = try c.with("""
            INSERT INTO outbound(message_id, interaction_id, line_index, provider_id, agent_id, from_number, to_number, body,
                                 idempotency_key, queued_at, template_name, template_language, template_content_sid, template_parameters)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'sb-' || ?1 || '-' || lower(hex(randomblob(8))), ?9, ?10, ?11, ?12, ?13)
            RETURNING idempotency_key
            """) { s throws(StoreError) -> String in
            s.bind(1, id.rawValue)
            s.bind(2, m.interactionID.rawValue)
            s.bind(3, lineIndex)
            s.bind(4, provider)
            s.bind(5, m.agentID?.rawValue)
            s.bind(6, from)
            s.bind(7, to)
            s.bind(8, m.body)
            s.bind(9, m.at.milliseconds)
            s.bind(10, template?.name)
            s.bind(11, template?.language)
            s.bind(12, template?.contentSID)
            s.bind(13, template.map { $0.parameters.joined(separator: Self.parameterSeparator) })
            _ = try s.step()
            return s.text(0)
        }
        return OutboundMessage(id: id, interaction: m.interactionID, lineIndex: lineIndex, provider: ProviderID(provider),
                               agent: m.agentID, from: from, to: to, body: m.body, template: template, idempotencyKey: key, attempts: 0,
                               queuedAt: m.at)
    }

    /// The messages still to send through `provider`, oldest first.
    /// - Parameters:
    ///   - provider: the provider account.
    ///   - after: only messages with a greater id (paging; nil from the start).
    ///   - limit: at most this many.
    public func pendingOutbound(provider: ProviderID, after: MessageID? = nil, limit: Int = 256) async throws(StoreError)
        -> [OutboundMessage] {
        try await read { c throws(StoreError) in
            try c.with("""
                SELECT message_id, interaction_id, line_index, provider_id, agent_id, from_number, to_number, body, idempotency_key,
                       attempts, queued_at, template_name, template_language, template_content_sid, template_parameters
                FROM outbound INDEXED BY outbound_pending WHERE provider_id = ? AND pending = 1 AND message_id > ?
                ORDER BY message_id LIMIT ?
                """) { s throws(StoreError) in
                s.bind(1, provider.rawValue)
                s.bind(2, after?.rawValue ?? 0)
                s.bind(3, limit)
                var rows: [OutboundMessage] = []
                while try s.step() {
                    rows.append(OutboundMessage(
                        id: MessageID(s.int64(0)), interaction: InteractionID(s.int64(1)), lineIndex: s.int(2),
                        provider: ProviderID(s.int64(3)), agent: s.optionalInt64(4).map(AgentID.init), from: s.text(5), to: s.text(6),
                        body: s.text(7), template: Self.template(s, from: 11), idempotencyKey: s.text(8), attempts: s.int(9),
                        queuedAt: Timestamp(milliseconds: s.int64(10))))
                }
                return rows
            }
        }
    }

    /// The template columns starting at `column` (name, language, content SID, parameters), nil for free text.
    static func template(_ s: SQLiteStatement, from column: Int32) -> TemplateSend? {
        guard let name = s.optionalText(column) else { return nil }
        let joined = s.optionalText(column + 3) ?? ""
        return TemplateSend(name: name, language: s.optionalText(column + 1) ?? "", contentSID: s.optionalText(column + 2),
                            parameters: joined.isEmpty ? [] : joined.split(separator: Character(parameterSeparator),
                                                                           omittingEmptySubsequences: false).map(String.init))
    }

    /// Counts one more attempt of a queued message (before it is made, so a crash mid-attempt still counts it).
    /// - Returns: the attempts made, this one included.
    /// - Throws: `.notFound` when the message is not queued.
    @discardableResult
    public func outboundAttempt(_ id: MessageID) async throws(StoreError) -> Int {
        try await write { c throws(StoreError) in
            guard let n = try c.scalar("UPDATE outbound SET attempts = attempts + 1 WHERE message_id = ? RETURNING attempts",
                                       [.integer(id.rawValue)]) else { throw StoreError.notFound("outbound message \(id)") }
            return Int(n)
        }
    }

    /// The provider accepted a queued message: it leaves the queue, carries the provider's message id (which the
    /// status callbacks name) and is `sent` — or further, when callbacks for that id arrived before the answer.
    /// - Returns: the delivery change to publish, nil when none (the message had moved on already).
    /// - Throws: `.notFound` for a message not queued, `.conflict` when another message has that provider id.
    public func outboundAccepted(_ id: MessageID, providerMessageID: String, at now: Timestamp) async throws(StoreError)
        -> DeliveryUpdate? {
        try await write { c throws(StoreError) in
            guard let provider = try c.scalar("UPDATE outbound SET pending = 0 WHERE message_id = ? AND pending = 1 RETURNING provider_id",
                                              [.integer(id.rawValue)]) else { throw StoreError.notFound("outbound message \(id)") }
            do throws(StoreError) {
                try c.run("UPDATE messages SET provider_id = ?, provider_message_id = ? WHERE id = ?",
                          [.integer(provider), .text(providerMessageID), .integer(id.rawValue)])
            } catch {
                // A provider that answers an id it already gave another message: the message still left (recorded
                // sent, without the id, so its callbacks go to the first); refusing here would send it again forever.
                let mapped = Self.mapConstraint(error, conflict: "provider message \(providerMessageID)", missing: "message")
                guard case .conflict = mapped else { throw mapped }
            }
            var update = try Self.moveDelivery(id.rawValue, to: .sent, reason: nil, at: now, c)
            // Callbacks that overtook this answer, applied in path order (only forward moves take).
            var early: [(DeliveryState, String?, Int64)] = []
            try c.with("SELECT state, reason, at FROM early_statuses WHERE provider_id = ? AND provider_message_id = ?") {
                s throws(StoreError) in
                s.bind(1, provider)
                s.bind(2, providerMessageID)
                while try s.step() {
                    if let state = DeliveryState(rawValue: s.text(0)) { early.append((state, s.optionalText(1), s.int64(2))) }
                }
            }
            for (state, reason, at) in early.sorted(by: { $0.0.pathPosition < $1.0.pathPosition }) {
                if let moved = try Self.moveDelivery(id.rawValue, to: state, reason: reason, at: Timestamp(milliseconds: at), c) {
                    update = moved
                }
            }
            if !early.isEmpty {
                try c.run("DELETE FROM early_statuses WHERE provider_id = ? AND provider_message_id = ?",
                          [.integer(provider), .text(providerMessageID)])
            }
            return update
        }
    }

    /// The provider refused a queued message, or the sender gave up on it: it leaves the queue, `failed` with `reason`.
    /// - Returns: the delivery change to publish (nil when the message had moved on already).
    /// - Throws: `.notFound` for a message not queued.
    public func outboundFailed(_ id: MessageID, reason: String, at now: Timestamp) async throws(StoreError) -> DeliveryUpdate? {
        try await write { c throws(StoreError) in
            guard try c.scalar("UPDATE outbound SET pending = 0 WHERE message_id = ? AND pending = 1 RETURNING 1", [.integer(id.rawValue)]) != nil else {
                throw StoreError.notFound("outbound message \(id)")
            }
            return try Self.moveDelivery(id.rawValue, to: .failed, reason: reason, at: now, c)
        }
    }

    /// A provider's status callback for one of our messages (cloud `statuses[]` by wamid, classic `MessageStatus` by
    /// sid). Only a forward move changes anything (`DeliveryState.advances(to:)`). An id not known yet is kept for an
    /// hour (`early_statuses`): the provider's answer to the send may still be on its way.
    /// - Returns: the delivery change to publish; nil when the id is unknown or the state is old news.
    public func recordDeliveryStatus(provider: ProviderID, providerMessageID: String, state: DeliveryState, reason: String?,
                                     at now: Timestamp) async throws(StoreError) -> DeliveryUpdate? {
        try await write { c throws(StoreError) in
            guard let (message, _) = try Self.existingMessage(provider: provider.rawValue, providerMessageID: providerMessageID, c) else {
                try c.run("DELETE FROM early_statuses WHERE at < ?", [.integer(now.milliseconds - Self.earlyStatusMilliseconds)])
                try c.run("""
                    INSERT INTO early_statuses(provider_id, provider_message_id, state, reason, at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT DO NOTHING
                    """, [.integer(provider.rawValue), .text(providerMessageID), .text(state.rawValue), reason.map { .text($0) } ?? .null,
                          .integer(now.milliseconds)])
                return nil
            }
            return try Self.moveDelivery(message.rawValue, to: state, reason: reason, at: now, c)
        }
    }

    /// Moves one message's delivery state forward (never back) and says what changed.
    static func moveDelivery(_ message: Int64, to state: DeliveryState, reason: String?, at now: Timestamp, _ c: SQLiteConnection)
        throws(StoreError) -> DeliveryUpdate? {
        let row = try c.with("""
            SELECT m.delivery, m.interaction_id, o.line_index, o.agent_id, i.campaign_id
            FROM messages m JOIN outbound o ON o.message_id = m.id JOIN interactions i ON i.id = m.interaction_id
            WHERE m.id = ?
            """) { s throws(StoreError) -> (DeliveryState, Int64, Int, Int64?, Int64)? in
            s.bind(1, message)
            guard try s.step() else { return nil }
            return (DeliveryState(rawValue: s.optionalText(0) ?? "") ?? .pending, s.int64(1), s.int(2), s.optionalInt64(3), s.int64(4))
        }
        guard let (current, interaction, index, agent, campaign) = row, current.advances(to: state) else { return nil }
        try c.run("UPDATE messages SET delivery = ?, delivery_reason = ? WHERE id = ?",
                  [.text(state.rawValue), state == .failed ? reason.map { .text($0) } ?? .null : .null, .integer(message)])
        return DeliveryUpdate(interaction: InteractionID(interaction), campaign: CampaignID(campaign), index: index, agent: agent.map(AgentID.init), state: state,
                              reason: state == .failed ? reason : nil, at: now)
    }
}
