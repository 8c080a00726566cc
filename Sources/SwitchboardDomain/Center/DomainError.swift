/// Why a domain command was refused; each case maps to one wire error code (Public/protocol.md).
public enum DomainError: Error, Sendable, Equatable {
    /// The caller may not do this (role or campaign scope).
    case forbidden
    /// No such campaign.
    case unknownCampaign(CampaignID)
    /// No such agent.
    case unknownAgent(AgentID)
    /// No such (open) interaction.
    case unknownInteraction(InteractionID)
    /// The agent is not a member of the campaign.
    case notMember
    /// The campaign is disabled: it refuses new interactions.
    case campaignDisabled
    /// The interaction is no longer waiting (someone else took it, or it left).
    case alreadyTaken
    /// The agent's active interactions are at the campaign's maximum.
    case atMaximum
    /// The agent is paused.
    case paused
    /// The agent is offline.
    case offline
    /// The interaction is not held by this agent.
    case notYours
    /// The interaction is in the wrong phase for this command.
    case invalidPhase(InteractionPhase)
    /// An interaction with this id already exists.
    case duplicateInteraction
    /// Screen monitoring is off for this agent.
    case screenMonitoringOff
    /// The text is empty or too long.
    case invalidText

    /// The wire code (`error.code` in protocol.md).
    public var code: String {
        switch self {
        case .forbidden: "forbidden"
        case .unknownCampaign: "unknown_campaign"
        case .unknownAgent: "unknown_agent"
        case .unknownInteraction: "unknown_interaction"
        case .notMember: "not_member"
        case .campaignDisabled: "campaign_disabled"
        case .alreadyTaken: "already_taken"
        case .atMaximum: "at_maximum"
        case .paused: "paused"
        case .offline: "offline"
        case .notYours: "not_yours"
        case .invalidPhase: "invalid_phase"
        case .duplicateInteraction: "duplicate_interaction"
        case .screenMonitoringOff: "screen_monitoring_off"
        case .invalidText: "invalid_text"
        }
    }
}
