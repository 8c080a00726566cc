import SwitchboardDomain

/// An earlier interaction of a customer, as the agent's "previous messages" menu shows it.
public struct PastInteraction: Sendable, Equatable {
    /// The interaction.
    public var id: InteractionID
    /// Its campaign.
    public var campaignID: CampaignID
    /// When it was enqueued (or started, for an outgoing one).
    public var date: Timestamp
    /// Incoming or outgoing.
    public var address: InteractionDirection
    /// Its state.
    public var state: InteractionState
    /// The agent who held it.
    public var agentID: AgentID?
    /// Its subject (the agent's, else the automatic one).
    public var subject: String?
    /// The disposition chosen when it was closed.
    public var disposition: String?
    /// How many messages it has in all.
    public var messageCount: Int
    /// Its last messages, oldest first (at most the store's cap).
    public var messages: [MessageRecord]
}
