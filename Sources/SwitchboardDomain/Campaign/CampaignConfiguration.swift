/// A campaign's settings (METRICS.md, "Campaign settings"), as configured by an administrator.
public struct CampaignConfiguration: Sendable, Equatable {
    /// The campaign.
    public var id: CampaignID
    /// Its display name.
    public var name: String
    /// Disabled campaigns refuse new interactions; their history and active ones stay.
    public var enabled = true
    /// An agent may take from this campaign while its active interactions (all campaigns) are fewer than this.
    public var maxInteractionsPerAgent = 3
    /// T of the service level.
    public var serviceLevelSeconds: Int64 = 60
    /// Service-level target, percent.
    public var serviceLevelTarget: Double = 80
    /// Abandons within this many seconds are "short".
    public var shortAbandonSeconds: Int64 = 10
    /// A waiting interaction is abandoned after this long.
    public var maxQueueSeconds: Int64 = 600
    /// Offer waiting interactions to the longest-idle available agent.
    public var autoAssign = false
    /// How long an auto-assign offer waits for the agent's accept.
    public var reservationSeconds: Int64 = 30
    /// The rolling window shown by default (15, 30 or 60).
    public var windowMinutes = 30
    /// Warning and critical levels.
    public var thresholds = Thresholds()
    /// Texts agents can send with one click.
    public var cannedResponses: [String] = []
    /// The agents that may take from this campaign.
    public var members: Set<AgentID> = []

    /// A campaign with the METRICS.md defaults.
    /// - Parameters:
    ///   - id: the campaign.
    ///   - name: its name.
    ///   - members: its agents.
    public init(id: CampaignID, name: String, members: Set<AgentID> = []) {
        self.id = id
        self.name = name
        self.members = members
    }
}
