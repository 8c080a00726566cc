import SwitchboardStore

/// One row of the authorisation table (`AccessPolicy`): who may call a route or send a command, and which check
/// the object it names must pass. Data, not code: the router and the live handler read it, the matrix test
/// enumerates it.
public struct AccessRule: Sendable, Equatable {
    /// Who may call.
    public enum Audience: Sendable, Equatable {
        /// Anyone, without a session (login, the OpenAPI document).
        case anyone
        /// No session: the handler checks the provider's signature instead (webhooks).
        case signed
        /// Local scrapers, or an administrator's session (`/metrics`).
        case loopbackOrAdmin
        /// A kiosk link's token or any logged-in user (the TV wallboard's read side: who am I, the campaigns, the wallboard).
        case kiosk
        /// Any logged-in user (empty set; never a kiosk) or only these roles.
        case roles(Set<UserRole>)

        /// Any logged-in user (not a kiosk).
        public static let loggedIn = Audience.roles([])
        /// Administrators only.
        public static let admin = Audience.roles([.admin])
        /// Administrators and supervisors.
        public static let supervisors = Audience.roles([.admin, .supervisor])
        /// Agents only.
        public static let agents = Audience.roles([.agent])

        /// Whether a logged-in user of `role` passes (before the scope check).
        public func admits(_ role: UserRole) -> Bool {
            switch self {
            case .anyone, .signed: true
            case .loopbackOrAdmin: role == .admin
            case .kiosk: true
            case .roles(let roles): roles.isEmpty ? role != .kiosk : roles.contains(role)
            }
        }

        /// Whether a caller without a session passes.
        public var admitsNobody: Bool {
            switch self {
            case .anyone, .signed: true
            case .loopbackOrAdmin, .kiosk, .roles: false
            }
        }
    }

    /// The check on the object a request or command names, after the role passed.
    public enum Scope: Sendable, Equatable {
        /// The role is enough: the call acts on the caller itself, or on everything (administrators only).
        case none
        /// A list: the handler answers only what the caller's scope reaches (supervisors their campaigns, agents
        /// the campaigns they answer in).
        case filtered
        /// The path parameter names a campaign the caller may see (administrators all, supervisors their scope,
        /// agents their campaigns); otherwise 404, so ids do not leak.
        case campaign(parameter: String)
        /// The path parameter names an interaction (a recording) whose campaign is in the caller's scope; otherwise 404.
        case interaction(parameter: String)
        /// The command's argument names an agent one of whose campaigns is in the caller's scope (an agent: only
        /// itself); otherwise `forbidden`.
        case agent(argument: String)
        /// The command's argument names a campaign in the caller's scope; the domain then checks the interaction
        /// argument belongs to that campaign (so a guessed interaction id of another campaign is refused).
        case campaignArgument(argument: String)
        /// The command names an interaction the agent holds or is offered: checked by the domain on the interaction.
        case ownInteraction
        /// The command names a topic the caller may read (`ContactCenter.mayRead`).
        case topic
    }

    /// Who may call.
    public let audience: Audience
    /// The check on the object.
    public let scope: Scope

    /// A rule.
    public init(_ audience: Audience, _ scope: Scope = .none) {
        self.audience = audience
        self.scope = scope
    }
}
