// MARK: - Replaying the store (the start-up rebuild)

extension ContactCenter {
    /// Starts replaying the store from `start`: until `endReplay`, campaigns apply recorded events without the rules
    /// that admitted them then. Each campaign's day in progress ends at its entry in `todayStarts` (and then rolls
    /// over exactly as it does live); each agent's at the latest of its campaigns'.
    /// - Parameters:
    ///   - start: the instant of the first replayed event.
    ///   - todayStarts: each campaign's last local midnight.
    public func beginReplay(from start: Timestamp, todayStarts: [CampaignID: Timestamp]) async {
        for campaign in directory.campaigns {
            guard let midnight = todayStarts[campaign.id] else { continue }
            await campaign.beginReplay(dayEndsAt: midnight)
        }
        for agent in directory.agents {
            let midnights = await agent.campaigns.keys.compactMap { todayStarts[$0] }
            await agent.beginReplay(from: start, dayEndsAt: midnights.max())
        }
    }

    /// Applies one recorded campaign event at its instant.
    /// - Throws: `unknownCampaign`, or what the campaign refuses.
    public func replay(_ event: CampaignEvent, in campaign: CampaignID, at instant: Timestamp) async throws(DomainError) {
        try await self.campaign(campaign).replay(event, at: instant)
    }

    /// Sets an agent's recorded presence at its instant (its stretches and `since` follow, as live).
    /// - Throws: `unknownAgent`.
    public func restorePresence(_ agent: AgentID, _ presence: AgentSlot.Presence, reason: String, at instant: Timestamp)
        async throws(DomainError) {
        try await self.agent(agent).restore(presence, reason: reason, at: instant)
    }

    /// Ends the replay in every campaign (see `CampaignState.endReplay`); call it once each campaign's day is set.
    /// - Returns: the interactions put back in their queue because their agent is no longer a member.
    public func endReplay() async -> [InteractionID] {
        var requeued: [InteractionID] = []
        for campaign in directory.campaigns { requeued += await campaign.endReplay() }
        return requeued
    }
}
