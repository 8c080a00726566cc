import SwitchboardDomain

/// A stored campaign: its settings, canned responses and member agents.
public struct CampaignRecord: Sendable, Equatable {
    /// The campaign's id.
    public var id: CampaignID
    /// Its configuration.
    public var settings: CampaignSettings
    /// Its canned responses in display order.
    public var cannedResponses: [CannedResponse]
    /// The agents who answer in it.
    public var members: [AgentID]
    /// When it was created.
    public var createdAt: Timestamp
}
