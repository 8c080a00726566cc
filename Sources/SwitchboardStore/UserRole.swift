/// What a user may do: administer everything, supervise some campaigns, or answer as an agent.
public enum UserRole: String, Sendable, Equatable, CaseIterable {
    /// Configures providers, campaigns and users.
    case admin
    /// Watches and acts on the campaigns in their scope.
    case supervisor
    /// Answers customers in the campaigns they are a member of.
    case agent
}
