import SwitchboardDomain

/// What one group of wallboard receivers sees: the campaigns in its scope (nil: all, an administrator) and the rolling
/// window it chose (nil: each campaign's configured one). Receivers with the same view share one encoded frame.
public struct WallboardView: Hashable, Sendable {
    /// The campaigns visible (nil: every campaign).
    public var campaigns: Set<CampaignID>?
    /// The rolling window, minutes (15, 30 or 60; nil: the campaign's).
    public var windowMinutes: Int?
    /// Whether the agent grid is sent (a kiosk's TV shows the campaign tiles only: no agent's name leaves the server).
    public var showsAgents: Bool

    /// Everything, each campaign's own window: the plain `wallboard` topic.
    public static let everything = WallboardView(campaigns: nil, windowMinutes: nil)

    /// Creates a view.
    public init(campaigns: Set<CampaignID>?, windowMinutes: Int?, showsAgents: Bool = true) {
        self.campaigns = campaigns
        self.windowMinutes = windowMinutes
        self.showsAgents = showsAgents
    }

    /// Whether a campaign is visible.
    func shows(_ campaign: CampaignID) -> Bool { campaigns?.contains(campaign) ?? true }

    /// The Net topic name of the group ("wallboard~1,2@15").
    var topicName: String {
        var name = "wallboard"
        if let campaigns { name += "~" + campaigns.sorted().map(\.description).joined(separator: ",") }
        if let windowMinutes { name += "@\(windowMinutes)" }
        if !showsAgents { name += "#tiles" }
        return name
    }
}
