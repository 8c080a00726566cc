import SwitchboardDomain

// MARK: - Recording interactions and messages as they happen

extension StoreDatabase {
    /// The first line of a customer's message, trimmed to 200 characters: the automatic subject.
    static func automaticSubject(_ body: String) -> String {
        let line = body.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: true).first ?? ""
        return String(line.prefix(200))
    }

    /// The message already recorded with this provider message id, and its interaction.
    static func existingMessage(provider: Int64?, providerMessageID: String?, _ c: SQLiteConnection)
        throws(StoreError) -> (MessageID, InteractionID)? {
        guard let provider, let providerMessageID else { return nil }
        return try c.with(.existingMessage, "SELECT id, interaction_id FROM messages WHERE provider_id = ? AND provider_message_id = ?") {
            s throws(StoreError) in
            s.bind(1, provider)
            s.bind(2, providerMessageID)
            return try s.step() ? (MessageID(s.int64(0)), InteractionID(s.int64(1))) : nil
        }
    }

    /// Appends one message row (the next row id), linked to its interaction's previous message (`previous_id`, the
    /// transcript's chain); its text and its interaction's counters are written at the end of the batch
    /// (see `DeferredWrites`).
    /// - Returns: its id, or nil when its provider message id was recorded before (then nothing is written):
    ///   the unique index answers the deduplication in the same descent as the insert.
    /// - Throws: `.notFound` for an unknown interaction (the request fails, which undoes the message row too).
    static func insertMessage(
        interaction: Int64, sender: MessageSender, agent: Int64?, provider: Int64?, providerMessageID: String?, at: Int64,
        body: String, content: String? = nil, _ connection: SQLiteConnection
    ) throws(StoreError) -> MessageID? {
        let c = connection
        // The interaction's row is read once per transaction; later messages to it take their link from the batch.
        var previous = c.deferred.lastMessageID(of: interaction)
        if previous == nil {
            previous = try c.with(.lastMessage, "SELECT coalesce(last_message_id, 0) FROM interactions WHERE id = ?") {
                s throws(StoreError) in
                s.bind(1, interaction)
                return try s.step() ? s.int64(0) : nil
            }
        }
        guard let id = try insertMessageRow(id: nil, interaction: interaction, sender: sender, agent: agent, provider: provider,
                                            providerMessageID: providerMessageID, at: at, body: body, previous: previous ?? 0,
                                            content: content, c) else { return nil }
        // A duplicate is answered as such whatever the interaction; a new message needs an existing one.
        guard previous != nil else { throw StoreError.notFound("interaction \(interaction)") }
        c.deferred.messageAppended(id: id, interaction: interaction, sender: sender, at: at, body: body)
        return MessageID(id)
    }

    /// Writes a message row: with `id`, or the next row id when nil.
    /// - Returns: its id, or nil when its provider message id was recorded before (then nothing is written).
    private static func insertMessageRow(
        id: Int64?, interaction: Int64, sender: MessageSender, agent: Int64?, provider: Int64?, providerMessageID: String?,
        at: Int64, body: String, previous: Int64, content: String?, _ c: SQLiteConnection
    ) throws(StoreError) -> Int64? {
        // Plain text (nearly every message) leaves `content` out: the statement of the schemas before it. A NULL id
        // lets SQLite choose the next one.
        let sql = content == nil ? """
            INSERT INTO messages(interaction_id, provider_id, provider_message_id, sender, agent_id, at, body, previous_id, id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (provider_id, provider_message_id) WHERE provider_message_id IS NOT NULL DO NOTHING
            """ : """
            INSERT INTO messages(interaction_id, provider_id, provider_message_id, sender, agent_id, at, body, previous_id, id,
                                 content)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (provider_id, provider_message_id) WHERE provider_message_id IS NOT NULL DO NOTHING
            """
        try c.with(content == nil ? .insertMessage : .insertMessageWithContent, sql) { s throws(StoreError) in
            s.bind(1, interaction)
            s.bind(2, provider)
            s.bind(3, providerMessageID)
            s.bind(4, sender.rawValue)
            s.bind(5, agent)
            s.bind(6, at)
            s.bind(7, body)
            s.bind(8, previous)
            s.bind(9, id)
            if let content { s.bind(10, content) }
            try s.run()
        }
        guard c.changes > 0 else { return nil }
        let written = c.lastInsertRowID
        c.deferred.messageWritten(id: written)
        return written
    }

    /// An interaction's messages in order: the chain of `previous_id` links from its newest message back to its
    /// first (one primary-key lookup per message, the rows a transcript reads anyway), after the messages written
    /// before schema 7, which have no link and are found by `messages_unchained`.
    static func transcriptMessages(_ interaction: Int64, _ c: SQLiteConnection) throws(StoreError) -> [MessageRecord] {
        let columns = "id, sender, agent_id, provider_message_id, at, body, delivery, previous_id, delivery_reason, content"
        func read(_ s: SQLiteStatement) -> MessageRecord {
            MessageRecord(
                id: MessageID(s.int64(0)), sender: MessageSender(rawValue: s.text(1)) ?? .system,
                agentID: s.optionalInt64(2).map(AgentID.init), providerMessageID: s.optionalText(3),
                at: Timestamp(milliseconds: s.int64(4)), body: s.text(5), delivery: s.optionalText(6),
                deliveryReason: s.optionalText(8), content: s.optionalText(9))
        }
        var unchained: [MessageRecord] = []
        try c.with("SELECT \(columns) FROM messages WHERE interaction_id = ? AND previous_id IS NULL ORDER BY id") {
            s throws(StoreError) in
            s.bind(1, interaction)
            while try s.step() { unchained.append(read(s)) }
        }
        var newestFirst: [MessageRecord] = []
        var next = try c.scalar("SELECT last_message_id FROM interactions WHERE id = ?", [.integer(interaction)])
        try c.with("SELECT \(columns) FROM messages WHERE id = ?") { s throws(StoreError) in
            // The chain ends at 0 (the first message), or at a message without link (already among `unchained`).
            while let id = next, id > 0 {
                s.bind(1, id)
                guard try s.step(), !s.isNull(7) else { break }
                newestFirst.append(read(s))
                next = s.int64(7)
                s.reset()
            }
        }
        return unchained + newestFirst.reversed()
    }

    /// The duplicate outcome for a provider message id the unique index refused.
    static func recordedBefore(provider: Int64?, providerMessageID: String?, _ c: SQLiteConnection)
        throws(StoreError) -> (MessageID, InteractionID) {
        guard let existing = try existingMessage(provider: provider, providerMessageID: providerMessageID, c) else {
            throw StoreError.notFound("message \(providerMessageID ?? "")")  // unreachable: the index just refused it
        }
        return existing
    }

    static func recordInbound(_ m: InboundMessage, _ c: SQLiteConnection) throws(StoreError) -> InboundOutcome {
        let provider = m.providerID.rawValue
        // INDEXED BY: the (campaign, state, date) index also fits these terms, and would scan every live row of the campaign.
        var interaction = try c.with(.openInteraction, """
            SELECT id FROM interactions INDEXED BY interactions_open WHERE campaign_id = ? AND heynow_number = ?
                AND (\(StoreMigrations.openCondition)) LIMIT 1
            """) { s throws(StoreError) -> Int64? in
            s.bind(1, m.campaignID.rawValue)
            s.bind(2, m.heyNowNumber)
            return try s.step() ? s.int64(0) : nil
        }
        var opened = false, refusedNow = false
        if interaction == nil {
            let new = NewInteraction(campaignID: m.campaignID, providerID: m.providerID, heyNowNumber: m.heyNowNumber,
                                     direction: .incoming, enqueuedAt: m.at)
            if !m.refused, m.history.isEmpty {
                // Nearly every new customer: the interaction's row is written whole, already counting its first
                // message (whose id it knows beforehand), instead of being updated again at the end of the batch.
                let id = try c.deferred.nextMessageID(c)
                let opened = try insertInteraction(new, firstMessage: (id, m.body), c)
                guard try insertMessageRow(id: id, interaction: opened, sender: .customer, agent: nil, provider: provider,
                                           providerMessageID: m.providerMessageID, at: m.at.milliseconds, body: m.body,
                                           previous: 0, content: m.content, c) != nil else {
                    // A provider's retry of a message recorded before (its conversation has closed since): the
                    // interaction just written must not open. Rare, so the unique index answers it, not a lookup first.
                    try c.run("DELETE FROM interactions WHERE id = ?", [.integer(opened)])
                    c.deferred.forgetEnqueueTime()
                    let (existing, holder) = try recordedBefore(provider: provider, providerMessageID: m.providerMessageID, c)
                    return .duplicate(existing, interaction: holder)
                }
                c.deferred.messageIndexed(id: id, interaction: opened, body: m.body)
                return .recorded(MessageID(id), interaction: InteractionID(opened), opened: true)
            }
            // A duplicate must not open an interaction (nor write its chatbot part): check before creating one.
            if let (existing, holder) = try existingMessage(provider: provider, providerMessageID: m.providerMessageID, c) {
                return .duplicate(existing, interaction: holder)
            }
            interaction = try insertInteraction(new, c)
            if m.refused {
                // A disabled campaign takes no new interaction, but what the customer wrote is kept: closed at once,
                // never queued, visible in recordings with the `refused` disposition.
                try c.run("""
                    UPDATE interactions SET state = 'closed', disposition = ?, closed_at = enqueued_at, ended_at = enqueued_at,
                        duration_ms = 0 WHERE id = ?
                    """, [.text(InboundMessage.refusedDisposition), .integer(interaction!)])
                refusedNow = true
            } else {
                opened = true
            }
            // The chatbot's part of a handed-over conversation comes first, in its own order and times.
            for line in m.history {
                _ = try insertMessage(interaction: interaction!, sender: line.sender, agent: nil, provider: provider,
                                      providerMessageID: nil, at: min(line.at.milliseconds, m.at.milliseconds), body: line.body,
                                      content: line.content, c)
            }
        }
        guard let id = try insertMessage(interaction: interaction!, sender: .customer, agent: nil, provider: provider,
                                         providerMessageID: m.providerMessageID, at: m.at.milliseconds, body: m.body,
                                         content: m.content, c) else {
            let (existing, holder) = try recordedBefore(provider: provider, providerMessageID: m.providerMessageID, c)
            return .duplicate(existing, interaction: holder)
        }
        if refusedNow { return .refused(id, interaction: InteractionID(interaction!)) }
        return .recorded(id, interaction: InteractionID(interaction!), opened: opened)
    }

    /// Writes a new interaction's row.
    /// - Parameter firstMessage: the id and text of its first message when the row is to count it already
    ///   (`recordInbound`); nil leaves its counters to that message's append.
    static func insertInteraction(_ n: NewInteraction, firstMessage: (id: Int64, body: String)? = nil, _ c: SQLiteConnection)
        throws(StoreError) -> Int64 {
        let active = n.state == .active
        // Enqueue times are kept non-decreasing in arrival (id) order: a time earlier than the last recorded one
        // (a provider's late timestamp, a clock step back) is raised to it. So id order is date order, which
        // lets the full-text search walk its hits newest first and stop after one page.
        let enqueuedAt = try c.deferred.enqueueTime(n.enqueuedAt.milliseconds, c)
        do throws(StoreError) {
            try c.with(.insertInteraction, insertInteractionSQL) { s throws(StoreError) in
                s.bind(1, n.campaignID.rawValue)
                s.bind(2, n.providerID?.rawValue)
                s.bind(3, n.heyNowNumber)
                s.bind(4, n.direction.rawValue)
                s.bind(5, n.state.rawValue)
                s.bind(6, n.agentID?.rawValue)
                s.bind(7, enqueuedAt)
                s.bind(8, active ? enqueuedAt : nil)
                s.bind(9, firstMessage == nil ? 0 : 1)
                s.bind(10, firstMessage == nil ? nil : n.enqueuedAt.milliseconds)
                s.bind(11, firstMessage.map { DeferredWrites.subjectSource($0.body) })
                s.bind(12, firstMessage?.id)
                try s.run()
            }
        } catch {
            throw mapConstraint(error, conflict: "interaction", missing: "campaign \(n.campaignID)")
        }
        return c.lastInsertRowID
    }

    /// The statement of `insertInteraction` (?11: the subject's source text, or NULL for none yet).
    private static let insertInteractionSQL = """
        INSERT INTO interactions(campaign_id, provider_id, heynow_number, direction, state, agent_id, enqueued_at,
                                 first_taken_at, taken_at, message_count, last_message_at, subject, last_message_id)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9, ?10, \(DeferredWrites.subjectSQL(11)), ?12)
        """

    /// Records a customer's inbound message: deduplicated by provider message id, put in the customer's open
    /// interaction in that campaign or in a new queued one. Returns once the message is committed, so the
    /// webhook may then be acknowledged.
    /// - Returns: `.recorded` (with `opened` when a new interaction was queued) or `.duplicate`.
    /// - Throws: `.notFound` for an unknown campaign, `.sqlite`.
    public func recordInbound(_ message: InboundMessage) async throws(StoreError) -> InboundOutcome {
        try await write(appendsMessages: true) { c throws(StoreError) in try Self.recordInbound(message, c) }
    }

    /// `recordInbound` for callers without a task: `completion` runs on the writer thread after the commit.
    public func recordInbound(_ message: InboundMessage, completion: @escaping @Sendable (Result<InboundOutcome, StoreError>) -> Void) {
        write(appendsMessages: true, { c throws(StoreError) in try Self.recordInbound(message, c) }, completion: completion)
    }

    static func append(_ m: NewMessage, _ c: SQLiteConnection) throws(StoreError) -> AppendOutcome {
        guard let id = try insertMessage(
            interaction: m.interactionID.rawValue, sender: m.sender, agent: m.agentID?.rawValue, provider: m.providerID?.rawValue,
            providerMessageID: m.providerMessageID, at: m.at.milliseconds, body: m.body, c) else {
            return .duplicate(try recordedBefore(provider: m.providerID?.rawValue, providerMessageID: m.providerMessageID, c).0)
        }
        return .recorded(id)
    }

    /// Appends a message to an interaction; returns after its commit.
    /// - Returns: `.recorded`, or `.duplicate` when its provider message id was recorded before.
    /// - Throws: `.notFound` for an unknown interaction.
    public func appendMessage(_ message: NewMessage) async throws(StoreError) -> AppendOutcome {
        try await write(appendsMessages: true) { c throws(StoreError) in try Self.append(message, c) }
    }

    /// `appendMessage` for callers without a task: `completion` runs on the writer thread after the commit.
    public func appendMessage(_ message: NewMessage, completion: @escaping @Sendable (Result<AppendOutcome, StoreError>) -> Void) {
        write(appendsMessages: true, { c throws(StoreError) in try Self.append(message, c) }, completion: completion)
    }

    /// Records the start of an interaction (outgoing conversations, or one the server opens itself).
    /// - Returns: its id.
    /// - Throws: `.notFound` for an unknown campaign.
    public func startInteraction(_ interaction: NewInteraction) async throws(StoreError) -> InteractionID {
        try await write { c throws(StoreError) in InteractionID(try Self.insertInteraction(interaction, c)) }
    }

    /// Records a change in an interaction's life.
    /// - Throws: `.notFound` for an unknown interaction, `.invalidTransition` when its state forbids the event.
    public func record(_ event: InteractionEvent, for id: InteractionID) async throws(StoreError) {
        try await write { c throws(StoreError) in try Self.record(event, id.rawValue, c) }
    }

    static func record(_ event: InteractionEvent, _ id: Int64, _ c: SQLiteConnection) throws(StoreError) {
        let sql: String
        let values: [SQLiteValue]
        switch event {
        case .reserved(let agent, _):
            sql = "UPDATE interactions SET state = 'reserved', agent_id = ? WHERE id = ? AND state = 'queued'"
            values = [.integer(agent.rawValue), .integer(id)]
        case .taken(let agent, let at):
            sql = """
                UPDATE interactions SET state = 'active', agent_id = ?1, taken_at = ?2, first_taken_at = coalesce(first_taken_at, ?2)
                WHERE id = ?3 AND state IN ('queued', 'reserved')
                """
            values = [.integer(agent.rawValue), .integer(at.milliseconds), .integer(id)]
        case .requeued(let at):
            try recordRequeue(at: at, id, c)
            sql = "UPDATE interactions SET state = 'queued', agent_id = NULL WHERE id = ? AND state IN ('reserved', 'active')"
            values = [.integer(id)]
        case .closed(let at, let subject, let disposition):
            sql = """
                UPDATE interactions SET state = 'closed', closed_at = ?1, ended_at = ?1, duration_ms = ?1 - enqueued_at,
                    subject = coalesce(?2, subject), disposition = ?4
                WHERE id = ?3 AND state = 'active'
                """
            values = [.integer(at.milliseconds), subject.map { .text($0) } ?? .null, .integer(id), disposition.map { .text($0) } ?? .null]
        case .abandoned(let at):
            sql = """
                UPDATE interactions SET state = 'abandoned', abandoned_at = ?1, ended_at = ?1, duration_ms = ?1 - enqueued_at,
                    agent_id = NULL
                WHERE id = ?2 AND state IN ('queued', 'reserved')
                """
            values = [.integer(at.milliseconds), .integer(id)]
        }
        try c.run(sql, values)
        if c.changes == 0 {
            let state = try c.with("SELECT state FROM interactions WHERE id = ?") { s throws(StoreError) in
                s.bind(1, id)
                return try s.step() ? InteractionState(rawValue: s.text(0)) : nil
            }
            guard let state else { throw StoreError.notFound("interaction \(id)") }
            throw StoreError.invalidTransition(InteractionID(id), from: state)
        }
    }

    /// Records the provider's delivery state of an outbound message (sent, delivered, read, failed).
    /// - Returns: whether a message with that provider message id exists.
    @discardableResult
    public func recordDelivery(provider: ProviderID, providerMessageID: String, state: String) async throws(StoreError) -> Bool {
        try await write { c throws(StoreError) in
            try c.run("UPDATE messages SET delivery = ? WHERE provider_id = ? AND provider_message_id = ?",
                      [.text(state), .integer(provider.rawValue), .text(providerMessageID)])
            return c.changes > 0
        }
    }
}
