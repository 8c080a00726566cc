import SwitchboardDomain

/// One line of the recordings list (and of the CSV export).
public struct RecordingRow: Sendable, Equatable {
    /// The interaction.
    public var id: InteractionID
    /// When it was enqueued.
    public var date: Timestamp
    /// The customer's number.
    public var heyNowNumber: String
    /// Its campaign.
    public var campaignID: CampaignID
    /// The campaign's name.
    public var campaignName: String
    /// The agent who holds or held it.
    public var agentID: AgentID?
    /// The agent's display name.
    public var agentName: String?
    /// Incoming or outgoing ("address").
    public var address: InteractionDirection
    /// Its state.
    public var state: InteractionState
    /// Enqueue to close or abandon, in milliseconds; nil while live.
    public var durationMilliseconds: Int64?
    /// Number of messages.
    public var messageCount: Int
    /// The subject.
    public var subject: String?
}
