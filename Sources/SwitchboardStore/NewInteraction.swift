import SwitchboardDomain

/// An interaction to record when it starts (for outgoing conversations or a server-side routing decision;
/// inbound messages open interactions themselves through `recordInbound`).
public struct NewInteraction: Sendable, Equatable {
    /// Its campaign.
    public var campaignID: CampaignID
    /// The provider it runs over.
    public var providerID: ProviderID?
    /// The customer's number.
    public var heyNowNumber: String
    /// Who started it.
    public var direction: InteractionDirection
    /// `queued` or, for an agent-started conversation, `active`.
    public var state: InteractionState
    /// The agent, when it starts active.
    public var agentID: AgentID?
    /// When it entered the queue (or started).
    public var enqueuedAt: Timestamp

    /// An interaction to record.
    public init(campaignID: CampaignID, providerID: ProviderID?, heyNowNumber: String, direction: InteractionDirection,
                state: InteractionState = .queued, agentID: AgentID? = nil, enqueuedAt: Timestamp) {
        self.campaignID = campaignID
        self.providerID = providerID
        self.heyNowNumber = heyNowNumber
        self.direction = direction
        self.state = state
        self.agentID = agentID
        self.enqueuedAt = enqueuedAt
    }
}
