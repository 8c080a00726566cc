import SwitchboardDomain

// MARK: - One campaign membership at a time

extension StoreDatabase {
    /// Adds one agent to a campaign's members (one statement, so concurrent edits of other members are kept).
    /// - Returns: true when added, false when the agent already was a member.
    /// - Throws: `.notFound` for an unknown campaign or user.
    @discardableResult
    public func addMember(_ agent: AgentID, to campaign: CampaignID) async throws(StoreError) -> Bool {
        try await write { c throws(StoreError) in
            do throws(StoreError) {
                try c.run("INSERT OR IGNORE INTO members(campaign_id, user_id) VALUES (?, ?)",
                          [.integer(campaign.rawValue), .integer(agent.rawValue)])
            } catch {
                throw Self.mapConstraint(error, conflict: "member", missing: "campaign \(campaign) or user \(agent)")
            }
            return c.changes > 0
        }
    }

    /// Removes one agent from a campaign's members.
    /// - Returns: true when removed, false when it was not a member.
    @discardableResult
    public func removeMember(_ agent: AgentID, from campaign: CampaignID) async throws(StoreError) -> Bool {
        try await write { c throws(StoreError) in
            try c.run("DELETE FROM members WHERE campaign_id = ? AND user_id = ?", [.integer(campaign.rawValue), .integer(agent.rawValue)])
            return c.changes > 0
        }
    }
}
