import SwitchboardDomain

// MARK: - Campaigns, canned responses, members

extension StoreDatabase {
    private static let campaignColumns = """
        id, name, provider_id, number, max_per_agent, enabled, time_zone, sl_seconds, sl_target_percent,
        short_abandon_seconds, max_queue_seconds, auto_assign, longest_wait_warning, longest_wait_critical,
        asa_warning, asa_critical, aht_warning, aht_critical, first_response_warning, first_response_critical,
        sl_floor_percent, created_at, reservation_seconds
        """

    private static func readCampaign(_ s: SQLiteStatement, _ c: SQLiteConnection) throws(StoreError) -> CampaignRecord {
        let id = s.int64(0)
        let thresholds = CampaignThresholds(
            longestWaitWarning: s.optionalInt(12), longestWaitCritical: s.optionalInt(13), asaWarning: s.optionalInt(14),
            asaCritical: s.optionalInt(15), ahtWarning: s.optionalInt(16), ahtCritical: s.optionalInt(17),
            firstResponseWarning: s.optionalInt(18), firstResponseCritical: s.optionalInt(19),
            serviceLevelFloorPercent: s.optionalInt(20))
        var settings = CampaignSettings(
            name: s.text(1), providerID: ProviderID(s.int64(2)), number: s.text(3), maxInteractionsPerAgent: s.int(4),
            thresholds: thresholds, enabled: s.bool(5), timeZone: s.text(6), serviceLevelSeconds: s.int(7),
            serviceLevelTargetPercent: s.int(8), shortAbandonSeconds: s.int(9), maxQueueSeconds: s.int(10),
            autoAssign: s.bool(11))
        settings.reservationSeconds = s.int(22)
        settings.dispositions = try dispositions(of: id, c)
        return CampaignRecord(id: CampaignID(id), settings: settings, cannedResponses: try canned(of: id, c),
                              members: try members(of: id, c), createdAt: Timestamp(milliseconds: s.int64(21)))
    }

    private static func canned(of campaign: Int64, _ c: SQLiteConnection) throws(StoreError) -> [CannedResponse] {
        try c.with("SELECT title, body FROM canned_responses WHERE campaign_id = ? ORDER BY position") { s throws(StoreError) in
            s.bind(1, campaign)
            var result: [CannedResponse] = []
            while try s.step() { result.append(CannedResponse(title: s.text(0), body: s.text(1))) }
            return result
        }
    }

    private static func dispositions(of campaign: Int64, _ c: SQLiteConnection) throws(StoreError) -> [String] {
        try c.with("SELECT name FROM campaign_dispositions WHERE campaign_id = ? ORDER BY position") { s throws(StoreError) in
            s.bind(1, campaign)
            var result: [String] = []
            while try s.step() { result.append(s.text(0)) }
            return result
        }
    }

    private static func writeDispositions(_ names: [String], of campaign: Int64, _ c: SQLiteConnection) throws(StoreError) {
        try c.run("DELETE FROM campaign_dispositions WHERE campaign_id = ?", [.integer(campaign)])
        for (position, name) in names.enumerated() {
            try c.run("INSERT INTO campaign_dispositions(campaign_id, position, name) VALUES (?, ?, ?)",
                      [.integer(campaign), .integer(Int64(position)), .text(name)])
        }
    }

    private static func members(of campaign: Int64, _ c: SQLiteConnection) throws(StoreError) -> [AgentID] {
        try c.with("SELECT user_id FROM members WHERE campaign_id = ? ORDER BY user_id") { s throws(StoreError) in
            s.bind(1, campaign)
            var result: [AgentID] = []
            while try s.step() { result.append(AgentID(s.int64(0))) }
            return result
        }
    }

    private static func campaign(_ id: Int64, _ c: SQLiteConnection) throws(StoreError) -> CampaignRecord {
        try c.with("SELECT \(campaignColumns) FROM campaigns WHERE id = ?") { s throws(StoreError) in
            s.bind(1, id)
            guard try s.step() else { throw StoreError.notFound("campaign \(id)") }
            return try readCampaign(s, c)
        }
    }

    private static func settingValues(_ v: CampaignSettings) -> [SQLiteValue] {
        func opt(_ x: Int?) -> SQLiteValue { x.map { .integer(Int64($0)) } ?? .null }
        let t = v.thresholds
        return [
            .text(v.name), .integer(v.providerID.rawValue), .text(v.number), .integer(Int64(v.maxInteractionsPerAgent)),
            .integer(v.enabled ? 1 : 0), .text(v.timeZone), .integer(Int64(v.serviceLevelSeconds)),
            .integer(Int64(v.serviceLevelTargetPercent)), .integer(Int64(v.shortAbandonSeconds)),
            .integer(Int64(v.maxQueueSeconds)), .integer(v.autoAssign ? 1 : 0), opt(t.longestWaitWarning),
            opt(t.longestWaitCritical), opt(t.asaWarning), opt(t.asaCritical), opt(t.ahtWarning), opt(t.ahtCritical),
            opt(t.firstResponseWarning), opt(t.firstResponseCritical), opt(t.serviceLevelFloorPercent),
            .integer(Int64(v.reservationSeconds)),
        ]
    }

    private static func writeCanned(_ responses: [CannedResponse], of campaign: Int64, _ c: SQLiteConnection) throws(StoreError) {
        try c.run("DELETE FROM canned_responses WHERE campaign_id = ?", [.integer(campaign)])
        for (position, response) in responses.enumerated() {
            try c.run("INSERT INTO canned_responses(campaign_id, position, title, body) VALUES (?, ?, ?, ?)",
                      [.integer(campaign), .integer(Int64(position)), .text(response.title), .text(response.body)])
        }
    }

    private static func writeMembers(_ agents: [AgentID], of campaign: Int64, _ c: SQLiteConnection) throws(StoreError) {
        try c.run("DELETE FROM members WHERE campaign_id = ?", [.integer(campaign)])
        for agent in Set(agents) {
            do throws(StoreError) {
                try c.run("INSERT INTO members(campaign_id, user_id) VALUES (?, ?)", [.integer(campaign), .integer(agent.rawValue)])
            } catch {
                throw mapConstraint(error, conflict: "member", missing: "user \(agent)")
            }
        }
    }

    /// Creates a campaign with its canned responses and members.
    /// - Throws: `.invalidArgument` (see `CampaignSettings.problem`), `.conflict` (taken name), `.notFound`
    ///   (unknown provider or agent).
    public func createCampaign(
        _ settings: CampaignSettings, cannedResponses: [CannedResponse] = [], members: [AgentID] = [], at now: Timestamp
    ) async throws(StoreError) -> CampaignRecord {
        if let problem = settings.problem { throw .invalidArgument(problem) }
        return try await write { c throws(StoreError) in
            do throws(StoreError) {
                try c.run("""
                    INSERT INTO campaigns(name, provider_id, number, max_per_agent, enabled, time_zone, sl_seconds,
                        sl_target_percent, short_abandon_seconds, max_queue_seconds, auto_assign, longest_wait_warning,
                        longest_wait_critical, asa_warning, asa_critical, aht_warning, aht_critical, first_response_warning,
                        first_response_critical, sl_floor_percent, reservation_seconds, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, Self.settingValues(settings) + [.integer(now.milliseconds)])
            } catch {
                throw Self.mapConstraint(error, conflict: "campaign \(settings.name)", missing: "provider \(settings.providerID)")
            }
            let id = c.lastInsertRowID
            try Self.writeCanned(cannedResponses, of: id, c)
            try Self.writeDispositions(settings.dispositions, of: id, c)
            try Self.writeMembers(members, of: id, c)
            return try Self.campaign(id, c)
        }
    }

    /// Replaces a campaign's settings (canned responses and members stay).
    /// - Throws: `.notFound`, `.invalidArgument`, `.conflict`.
    public func updateCampaign(_ id: CampaignID, _ settings: CampaignSettings) async throws(StoreError) -> CampaignRecord {
        if let problem = settings.problem { throw .invalidArgument(problem) }
        return try await write { c throws(StoreError) in
            do throws(StoreError) {
                try c.run("""
                    UPDATE campaigns SET name = ?, provider_id = ?, number = ?, max_per_agent = ?, enabled = ?, time_zone = ?,
                        sl_seconds = ?, sl_target_percent = ?, short_abandon_seconds = ?, max_queue_seconds = ?, auto_assign = ?,
                        longest_wait_warning = ?, longest_wait_critical = ?, asa_warning = ?, asa_critical = ?, aht_warning = ?,
                        aht_critical = ?, first_response_warning = ?, first_response_critical = ?, sl_floor_percent = ?,
                        reservation_seconds = ?
                    WHERE id = ?
                    """, Self.settingValues(settings) + [.integer(id.rawValue)])
            } catch {
                throw Self.mapConstraint(error, conflict: "campaign \(settings.name)", missing: "provider \(settings.providerID)")
            }
            if c.changes == 0 { throw StoreError.notFound("campaign \(id)") }
            try Self.writeDispositions(settings.dispositions, of: id.rawValue, c)
            return try Self.campaign(id.rawValue, c)
        }
    }

    /// Replaces a campaign's canned responses (in this order).
    /// - Throws: `.notFound`.
    public func setCannedResponses(_ responses: [CannedResponse], for id: CampaignID) async throws(StoreError) {
        try await write { c throws(StoreError) in
            _ = try Self.campaign(id.rawValue, c)
            try Self.writeCanned(responses, of: id.rawValue, c)
        }
    }

    /// Replaces a campaign's member agents.
    /// - Throws: `.notFound` for an unknown campaign or user.
    public func setMembers(_ agents: [AgentID], for id: CampaignID) async throws(StoreError) {
        try await write { c throws(StoreError) in
            _ = try Self.campaign(id.rawValue, c)
            try Self.writeMembers(agents, of: id.rawValue, c)
        }
    }

    /// Deletes a campaign that has no recorded interactions.
    /// - Throws: `.campaignHasRecordings` (disable it instead), `.notFound`.
    public func deleteCampaign(_ id: CampaignID) async throws(StoreError) {
        try await write { c throws(StoreError) in
            let count = try c.scalar("SELECT count(*) FROM interactions WHERE campaign_id = ?", [.integer(id.rawValue)]) ?? 0
            if count > 0 { throw StoreError.campaignHasRecordings(id, interactions: Int(count)) }
            try c.run("DELETE FROM campaigns WHERE id = ?", [.integer(id.rawValue)])
            if c.changes == 0 { throw StoreError.notFound("campaign \(id)") }
        }
    }

    /// One campaign, nil when unknown.
    public func campaign(_ id: CampaignID) async throws(StoreError) -> CampaignRecord? {
        try await read { c throws(StoreError) in
            do throws(StoreError) { return try Self.campaign(id.rawValue, c) } catch {
                if case .notFound = error { return nil }
                throw error
            }
        }
    }

    /// Every campaign by name.
    public func campaigns() async throws(StoreError) -> [CampaignRecord] {
        try await read { c throws(StoreError) in
            try c.with("SELECT \(Self.campaignColumns) FROM campaigns ORDER BY name") { s throws(StoreError) in
                var result: [CampaignRecord] = []
                while try s.step() { result.append(try Self.readCampaign(s, c)) }
                return result
            }
        }
    }

    /// The campaigns an agent is a member of.
    public func campaigns(ofAgent agent: AgentID) async throws(StoreError) -> [CampaignID] {
        try await read { c throws(StoreError) in
            try c.with("SELECT campaign_id FROM members WHERE user_id = ? ORDER BY campaign_id") { s throws(StoreError) in
                s.bind(1, agent.rawValue)
                var result: [CampaignID] = []
                while try s.step() { result.append(CampaignID(s.int64(0))) }
                return result
            }
        }
    }
}
