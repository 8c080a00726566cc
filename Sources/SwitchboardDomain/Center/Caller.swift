/// Who asks for an action, as the server authenticated it.
public struct Caller: Sendable, Equatable {
    /// A user's role.
    public enum Role: String, Sendable, Equatable {
        /// Everything, every campaign.
        case admin
        /// Acts on agents of the campaigns in its scope.
        case supervisor
        /// Acts on its own interactions only.
        case agent
        /// A kiosk link: reads the wallboard figures of the campaigns in its scope, acts on nothing.
        case kiosk
    }

    /// The user.
    public let user: UserID
    /// Its role.
    public let role: Role
    /// The campaigns a supervisor or a kiosk sees (ignored for admins).
    public let campaigns: Set<CampaignID>

    /// Creates a caller.
    public init(user: UserID, role: Role, campaigns: Set<CampaignID> = []) {
        self.user = user
        self.role = role
        self.campaigns = campaigns
    }

    /// Whether the caller may supervise an agent that is a member of `agentCampaigns`.
    /// - Parameter agentCampaigns: the agent's campaigns.
    public func maySupervise(agentIn agentCampaigns: some Sequence<CampaignID>) -> Bool {
        switch role {
        case .admin: true
        case .supervisor: agentCampaigns.contains { campaigns.contains($0) }
        case .agent, .kiosk: false
        }
    }

    /// Whether the caller may supervise campaign `campaign`.
    public func maySupervise(campaign: CampaignID) -> Bool {
        switch role {
        case .admin: true
        case .supervisor: campaigns.contains(campaign)
        case .agent, .kiosk: false
        }
    }
}
