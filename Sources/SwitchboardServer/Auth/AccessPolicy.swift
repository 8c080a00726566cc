import SwitchboardNet
import SwitchboardStore

/// The authorisation table: every REST route, webhook and live command with who may call it and the scope check on
/// the object it names. The API router and the live socket handler refuse what has no rule here (fail closed), and
/// `AccessMatrixTests` tries every route the router registers and every `LiveCommandName` as nobody, an agent, a
/// supervisor in and out of scope and an administrator against these rules.
///
/// Adding a route or a command: add its row below (key `"METHOD /pattern"` exactly as registered, or the command's
/// case), with the narrowest audience and the scope of the object it names.
enum AccessPolicy {
    /// REST routes and webhooks, keyed `"METHOD /pattern"` as the router registers them.
    static let routes: [String: AccessRule] = [
        // Session.
        "POST /api/login": AccessRule(.anyone),
        "POST /api/logout": AccessRule(.loggedIn),
        "GET /api/me": AccessRule(.kiosk),
        // Kiosk links: created and revoked by administrators; a link's token opens a kiosk session without a login.
        "GET /api/kiosk-links": AccessRule(.admin),
        "POST /api/kiosk-links": AccessRule(.admin),
        "DELETE /api/kiosk-links/:id": AccessRule(.admin),
        "POST /api/kiosk/session": AccessRule(.anyone),
        "GET /api/openapi.json": AccessRule(.anyone),
        // Providers: secrets inside, administrators only.
        "GET /api/providers": AccessRule(.admin),
        "POST /api/providers": AccessRule(.admin),
        "GET /api/providers/:id": AccessRule(.admin),
        "PUT /api/providers/:id": AccessRule(.admin),
        "DELETE /api/providers/:id": AccessRule(.admin),
        // Campaigns: read within scope, changed by administrators.
        "GET /api/campaigns": AccessRule(.kiosk, .filtered),   // a kiosk: the campaigns of its link
        "POST /api/campaigns": AccessRule(.admin),
        "GET /api/campaigns/:id": AccessRule(.loggedIn, .campaign(parameter: "id")),
        "PUT /api/campaigns/:id": AccessRule(.admin),
        "DELETE /api/campaigns/:id": AccessRule(.admin),
        "PUT /api/campaigns/:id/canned-responses": AccessRule(.admin),
        "GET /api/campaigns/:id/members": AccessRule(.supervisors, .campaign(parameter: "id")),
        "POST /api/campaigns/:id/members": AccessRule(.admin),
        "DELETE /api/campaigns/:id/members/:agentId": AccessRule(.admin),
        // Templates: read by whoever sees the campaign (agents pick one), changed by administrators.
        "GET /api/campaigns/:id/templates": AccessRule(.loggedIn, .campaign(parameter: "id")),
        "POST /api/campaigns/:id/templates": AccessRule(.admin),
        "PUT /api/campaigns/:id/templates/:templateId": AccessRule(.admin),
        "DELETE /api/campaigns/:id/templates/:templateId": AccessRule(.admin),
        // An outgoing conversation: an agent for itself; a supervisor or administrator for an agent of a campaign it
        // supervises (the handler checks the body's campaign and agent: they are not in the path).
        "POST /api/interactions": AccessRule(.loggedIn),
        // Users and their sessions.
        "GET /api/users": AccessRule(.admin),
        "POST /api/users": AccessRule(.admin),
        "GET /api/users/:id": AccessRule(.admin),
        "PUT /api/users/:id": AccessRule(.admin),
        "DELETE /api/users/:id": AccessRule(.admin),
        "PUT /api/users/:id/password": AccessRule(.admin),
        "GET /api/users/:id/sessions": AccessRule(.admin),
        "DELETE /api/sessions/:id": AccessRule(.admin),
        // Recordings: supervisors within their campaigns, on the interaction's campaign.
        "GET /api/recordings": AccessRule(.supervisors, .filtered),
        "GET /api/recordings/:id": AccessRule(.supervisors, .interaction(parameter: "id")),
        "GET /api/recordings.csv": AccessRule(.supervisors, .filtered),
        "GET /api/recordings/:id/transcript.csv": AccessRule(.supervisors, .interaction(parameter: "id")),
        // A message's media: whoever sees its campaign (the handler checks: the message is not in the path's scope).
        "GET /api/media/:id": AccessRule(.loggedIn),
        // The audit: administrators everything, supervisors the actions on their campaigns' agents.
        "GET /api/audit": AccessRule(.supervisors, .filtered),
        "GET /api/audit.csv": AccessRule(.supervisors, .filtered),
        // The center's pause reasons: read by everyone who pauses or is paused, changed by administrators.
        "GET /api/pause-reasons": AccessRule(.loggedIn),
        "PUT /api/pause-reasons": AccessRule(.admin),
        // Webhooks: no session, the provider's signature (or Meta's verify token) instead.
        "GET /webhooks/cloud/:id": AccessRule(.signed),
        "POST /webhooks/cloud/:id": AccessRule(.signed),
        "POST /webhooks/classic/:id": AccessRule(.signed),
        // Operations: local scrapers, the metrics bearer token, or an administrator.
        "GET /metrics": AccessRule(.loopbackOrAdmin),
    ]

    /// Live commands.
    static let commands: [LiveCommandName: AccessRule] = [
        .subscribe: AccessRule(.kiosk, .topic),   // a kiosk: the wallboard only (`mayRead`)
        .unsubscribe: AccessRule(.kiosk),   // leaving a topic needs no check
        .login: AccessRule(.agents),
        .logout: AccessRule(.agents),
        .status: AccessRule(.agents),
        .take: AccessRule(.agents, .ownInteraction),
        .decline: AccessRule(.agents, .ownInteraction),
        .send: AccessRule(.agents, .ownInteraction),
        .retrySend: AccessRule(.agents, .ownInteraction),
        // An agent starts one for itself; a supervisor names an agent in scope (and the handler the campaign).
        .startOutgoing: AccessRule(.loggedIn, .agent(argument: "agent")),
        .close: AccessRule(.agents, .ownInteraction),
        .history: AccessRule(.agents, .ownInteraction),
        .typing: AccessRule(.agents, .ownInteraction),
        .screenUpdate: AccessRule(.agents),
        // An agent chats with its supervisors (no argument); a supervisor names an agent in scope.
        .chat: AccessRule(.loggedIn, .agent(argument: "agent")),
        .spy: AccessRule(.supervisors, .campaignArgument(argument: "campaign")),
        .unspy: AccessRule(.supervisors, .campaignArgument(argument: "campaign")),
        .pause: AccessRule(.supervisors, .agent(argument: "agent")),
        .resume: AccessRule(.supervisors, .agent(argument: "agent")),
        .disconnect: AccessRule(.supervisors, .agent(argument: "agent")),
        .info: AccessRule(.supervisors, .agent(argument: "agent")),
        .screenStart: AccessRule(.supervisors, .agent(argument: "agent")),
        .screenStop: AccessRule(.supervisors, .agent(argument: "agent")),
    ]

    /// The key of a route in `routes`.
    static func key(_ method: HTTPMethod, _ pattern: String) -> String { "\(method.rawValue) \(pattern)" }

    /// The rule of a route (nil: none, refused).
    static func rule(_ method: HTTPMethod, _ pattern: String) -> AccessRule? { routes[key(method, pattern)] }

    /// What to tell whoever registered a route without a rule.
    static func missingRule(_ method: HTTPMethod, _ pattern: String) -> String {
        "\(key(method, pattern)) has no rule: add `\"\(key(method, pattern))\": AccessRule(.admin)` (or the narrowest audience and "
            + "the scope of the object it names: .campaign(parameter:), .interaction(parameter:), .filtered; .signed for a webhook) "
            + "to AccessPolicy.routes in Sources/SwitchboardServer/Auth/AccessPolicy.swift"
    }

    /// What to tell whoever added a command without a rule.
    static func missingRule(_ command: LiveCommandName) -> String {
        "live command \(command.rawValue) has no rule: add `.\(command): AccessRule(.supervisors, .agent(argument: \"agent\"))` "
            + "(or its audience and scope: .ownInteraction for an agent's interaction, .campaignArgument, .topic) to "
            + "AccessPolicy.commands in Sources/SwitchboardServer/Auth/AccessPolicy.swift"
    }
}
