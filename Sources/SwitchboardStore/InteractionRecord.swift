import SwitchboardDomain

/// A recorded interaction with every timestamp the metrics need.
public struct InteractionRecord: Sendable, Equatable {
    /// Its id.
    public var id: InteractionID
    /// Its campaign.
    public var campaignID: CampaignID
    /// The provider it runs over.
    public var providerID: ProviderID?
    /// The customer's number.
    public var heyNowNumber: String
    /// Who started it.
    public var direction: InteractionDirection
    /// Where it is now.
    public var state: InteractionState
    /// The agent holding (or who last held) it.
    public var agentID: AgentID?
    /// The agent's subject, else the first line of the customer's first message.
    public var subject: String?
    /// Entered the queue.
    public var enqueuedAt: Timestamp
    /// First taken by an agent (counts as answered then).
    public var firstTakenAt: Timestamp?
    /// Last taken (AHT runs from here).
    public var takenAt: Timestamp?
    /// First agent reply after the first take.
    public var firstAgentReplyAt: Timestamp?
    /// Closed by the agent.
    public var closedAt: Timestamp?
    /// Left unanswered.
    public var abandonedAt: Timestamp?
    /// Number of messages.
    public var messageCount: Int
    /// Time of the last message.
    public var lastMessageAt: Timestamp?
    /// The outcome the agent chose when closing it.
    public var disposition: String?
}
