/// What a user may do: administer everything, supervise some campaigns, or answer as an agent.
public enum UserRole: String, Sendable, Equatable, CaseIterable {
    /// Configures providers, campaigns and users.
    case admin
    /// Watches and acts on the campaigns in their scope.
    case supervisor
    /// Answers customers in the campaigns they are a member of.
    case agent
    /// Not a stored user: the principal of a kiosk link, which reads its campaigns' TV wallboard and nothing else.
    case kiosk

    /// The roles a user account may have (`kiosk` belongs to kiosk links only).
    public static let accountRoles: [UserRole] = [.admin, .supervisor, .agent]
}
