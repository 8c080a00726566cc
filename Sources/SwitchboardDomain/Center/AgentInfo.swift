/// What the supervisor's "info" action shows of an agent.
public struct AgentInfo: Sendable, Equatable {
    /// The agent.
    public let agent: AgentID
    /// Its name.
    public let name: String
    /// State, since when, active count.
    public let presence: AgentPresence
    /// Today's figures summed over its campaigns.
    public let today: AgentFigures
    /// Logged-in milliseconds today.
    public let loggedInMilliseconds: Int64
    /// Paused milliseconds today by reason (finished pauses).
    public let pausedMilliseconds: [String: Int64]
    /// Its campaigns.
    public let campaigns: [CampaignID]
    /// What it holds now.
    public let interactions: [InteractionView]
    /// Whether its screen may be monitored.
    public let monitorScreen: Bool
}
