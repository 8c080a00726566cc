import SwitchboardDomain

/// A user as the REST layer may show it: never the password hash.
public struct UserRecord: Sendable, Equatable {
    /// The user's id (an agent's id is its user id).
    public var id: UserID
    /// The login name (unique, compared case-insensitively).
    public var username: String
    /// The name shown on pages.
    public var displayName: String
    /// The role.
    public var role: UserRole
    /// Whether supervisors may watch this agent's screen.
    public var monitorScreen: Bool
    /// For supervisors: the campaigns they see (empty for other roles).
    public var supervisorScopes: [CampaignID]
    /// When the user was created.
    public var createdAt: Timestamp

    /// A user record (the store builds these; tests compare with them).
    public init(
        id: UserID, username: String, displayName: String, role: UserRole, monitorScreen: Bool,
        supervisorScopes: [CampaignID], createdAt: Timestamp
    ) {
        self.id = id
        self.username = username
        self.displayName = displayName
        self.role = role
        self.monitorScreen = monitorScreen
        self.supervisorScopes = supervisorScopes
        self.createdAt = createdAt
    }
}
