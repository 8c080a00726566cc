import SwitchboardDomain

// MARK: - Campaign templates and the 24-hour care window (schema `versionCampaignTemplates`)

extension StoreDatabase {
    /// WhatsApp's customer-care window: free text may be sent only this long after the customer's last message.
    public static let careWindowMilliseconds: Int64 = 24 * 3_600_000

    /// A campaign's templates, by name then language.
    public func templates(of campaign: CampaignID) async throws(StoreError) -> [MessageTemplate] {
        try await read { c throws(StoreError) in
            try c.with("""
                SELECT id, campaign_id, name, language, body, content_sid, created_at FROM campaign_templates
                WHERE campaign_id = ? ORDER BY name, language
                """) { s throws(StoreError) in
                s.bind(1, campaign.rawValue)
                var rows: [MessageTemplate] = []
                while try s.step() { rows.append(Self.template(s)) }
                return rows
            }
        }
    }

    /// One template of a campaign, nil when the campaign has none with that id.
    public func template(_ id: Int64, of campaign: CampaignID) async throws(StoreError) -> MessageTemplate? {
        try await read { c throws(StoreError) in
            try c.with("""
                SELECT id, campaign_id, name, language, body, content_sid, created_at FROM campaign_templates
                WHERE id = ? AND campaign_id = ?
                """) { s throws(StoreError) in
                s.bind(1, id)
                s.bind(2, campaign.rawValue)
                return try s.step() ? Self.template(s) : nil
            }
        }
    }

    /// Adds a template to a campaign.
    /// - Throws: `.notFound` for an unknown campaign, `.conflict` when it has a template of that name and language.
    public func createTemplate(_ fields: TemplateFields, in campaign: CampaignID, at now: Timestamp) async throws(StoreError)
        -> MessageTemplate {
        try await write { c throws(StoreError) in
            let id: Int64
            do throws(StoreError) {
                id = try c.with("""
                    INSERT INTO campaign_templates(campaign_id, name, language, body, content_sid, created_at) VALUES (?, ?, ?, ?, ?, ?)
                    RETURNING id
                    """) { s throws(StoreError) -> Int64 in
                    s.bind(1, campaign.rawValue)
                    s.bind(2, fields.name)
                    s.bind(3, fields.language)
                    s.bind(4, fields.body)
                    s.bind(5, fields.contentSID)
                    s.bind(6, now.milliseconds)
                    _ = try s.step()
                    return s.int64(0)
                }
            } catch {
                throw Self.mapConstraint(error, conflict: "template \(fields.name) (\(fields.language))", missing: "campaign \(campaign)")
            }
            return MessageTemplate(id: id, campaignID: campaign, fields: fields, createdAt: now)
        }
    }

    /// Changes a template (messages already queued keep what they were queued with).
    /// - Throws: `.notFound` when the campaign has no such template, `.conflict` for a name and language taken.
    public func updateTemplate(_ id: Int64, of campaign: CampaignID, _ fields: TemplateFields) async throws(StoreError)
        -> MessageTemplate {
        try await write { c throws(StoreError) in
            let created: Int64?
            do throws(StoreError) {
                created = try c.with("""
                    UPDATE campaign_templates SET name = ?, language = ?, body = ?, content_sid = ? WHERE id = ? AND campaign_id = ?
                    RETURNING created_at
                    """) { s throws(StoreError) -> Int64? in
                    s.bind(1, fields.name)
                    s.bind(2, fields.language)
                    s.bind(3, fields.body)
                    s.bind(4, fields.contentSID)
                    s.bind(5, id)
                    s.bind(6, campaign.rawValue)
                    return try s.step() ? s.int64(0) : nil
                }
            } catch {
                throw Self.mapConstraint(error, conflict: "template \(fields.name) (\(fields.language))", missing: "campaign \(campaign)")
            }
            guard let created else { throw StoreError.notFound("template \(id) of campaign \(campaign)") }
            return MessageTemplate(id: id, campaignID: campaign, fields: fields, createdAt: Timestamp(milliseconds: created))
        }
    }

    /// Removes a template.
    /// - Throws: `.notFound` when the campaign has no such template.
    public func deleteTemplate(_ id: Int64, of campaign: CampaignID) async throws(StoreError) {
        try await write { c throws(StoreError) in
            guard try c.scalar("DELETE FROM campaign_templates WHERE id = ? AND campaign_id = ? RETURNING id",
                               [.integer(id), .integer(campaign.rawValue)]) != nil else {
                throw StoreError.notFound("template \(id) of campaign \(campaign)")
            }
        }
    }

    /// When the customer last wrote to the campaign's number (DECISIONS.md: the window is per campaign number and
    /// customer number, whichever campaign of that provider and number the message entered), nil if never.
    public func lastCustomerMessage(campaign: CampaignID, customer: String) async throws(StoreError) -> Timestamp? {
        try await read { c throws(StoreError) in
            try c.with("""
                SELECT max(m.at) FROM campaigns k
                JOIN campaigns same ON same.provider_id = k.provider_id AND same.number = k.number
                JOIN interactions i INDEXED BY interactions_by_number ON i.heynow_number = ?2 AND i.campaign_id = same.id
                JOIN messages m ON m.interaction_id = i.id AND m.sender = 'customer'
                WHERE k.id = ?1
                """) { s throws(StoreError) -> Timestamp? in
                s.bind(1, campaign.rawValue)
                s.bind(2, customer)
                guard try s.step(), let at = s.optionalInt64(0) else { return nil }
                return Timestamp(milliseconds: at)
            }
        }
    }

    /// Whether free text may go to `customer` in `campaign` at `now`: the customer wrote within the last 24 hours.
    public func insideCareWindow(campaign: CampaignID, customer: String, at now: Timestamp) async throws(StoreError) -> Bool {
        guard let last = try await lastCustomerMessage(campaign: campaign, customer: customer) else { return false }
        return now.milliseconds - last.milliseconds < Self.careWindowMilliseconds
    }

    private static func template(_ s: SQLiteStatement) -> MessageTemplate {
        MessageTemplate(id: s.int64(0), campaignID: CampaignID(s.int64(1)),
                        fields: TemplateFields(name: s.text(2), language: s.text(3), body: s.text(4), contentSID: s.optionalText(5)),
                        createdAt: Timestamp(milliseconds: s.int64(6)))
    }
}
