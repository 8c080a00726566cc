import SwitchboardDomain

/// What creating a user takes. The password hash is an opaque string made by the server's PBKDF2 code.
public struct NewUser: Sendable, Equatable {
    /// The login name.
    public var username: String
    /// The name shown on pages.
    public var displayName: String
    /// The role.
    public var role: UserRole
    /// The password hash (opaque to the store).
    public var passwordHash: String
    /// Whether supervisors may watch this agent's screen.
    public var monitorScreen: Bool
    /// For supervisors: the campaigns they see.
    public var supervisorScopes: [CampaignID]

    /// A new user.
    public init(
        username: String, displayName: String, role: UserRole, passwordHash: String,
        monitorScreen: Bool = false, supervisorScopes: [CampaignID] = []
    ) {
        self.username = username
        self.displayName = displayName
        self.role = role
        self.passwordHash = passwordHash
        self.monitorScreen = monitorScreen
        self.supervisorScopes = supervisorScopes
    }
}
