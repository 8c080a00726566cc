/// One agent as the wallboard's grid shows it (DECISIONS.md: the wallboard carries the agents in scope, so a
/// 1,000-agent grid needs no per-agent subscription): its campaigns with their maxima, its presence and load, and
/// its figures of today per campaign (a scoped wallboard sums those it may see).
public struct AgentRow: Sendable, Equatable {
    /// The agent.
    public let agent: AgentID
    /// Its display name.
    public var name = ""
    /// Its campaigns and the maximum of interactions it may hold in each.
    public var campaigns: [CampaignID: Int] = [:]
    /// Its state, since when, and its active interactions (nil: offline since start).
    public var presence: AgentPresence?
    /// Today's figures per campaign.
    public var today: [CampaignID: AgentFigures] = [:]

    /// An agent with nothing known yet.
    public init(agent: AgentID) { self.agent = agent }

    /// Today's figures summed over the campaigns `visible` accepts.
    public func today(in visible: (CampaignID) -> Bool) -> AgentFigures {
        var sum = AgentFigures()
        for (campaign, figures) in today where visible(campaign) { sum.add(figures) }
        return sum
    }
}
