import Foundation
import SwitchboardDomain
import SwitchboardNet
import SwitchboardStore
import Testing
@testable import SwitchboardServer

/// The authorisation matrix (issue 14): every route the router registers and every live command, tried as nobody,
/// an agent (in and out of scope), a supervisor in scope, a supervisor out of scope, an administrator and a kiosk link
/// of Sales against its row of `AccessPolicy`. The lists come from the router and from `LiveCommandName`, never from a copy, so a new
/// route or command without a rule fails here with what to add.
@Suite("Access matrix", .serialized)
struct AccessMatrixTests {
    /// Who calls.
    enum Who: String, CaseIterable, CustomStringConvertible {
        case nobody, agent, agentOutOfScope, supervisorOutOfScope, supervisorInScope, kiosk, admin   // admin last: it deletes
        var description: String { rawValue }
        var username: String? {
            switch self {
            case .nobody, .kiosk: nil
            case .agent: "ana"
            case .agentOutOfScope: "bo"
            case .supervisorOutOfScope: "otto"
            case .supervisorInScope: "sam"
            case .admin: "root"
            }
        }
        var role: UserRole? {
            switch self {
            case .nobody: nil
            case .agent, .agentOutOfScope: .agent
            case .supervisorOutOfScope, .supervisorInScope: .supervisor
            case .admin: .admin
            case .kiosk: .kiosk
            }
        }
        /// Whether the object of the matrix (campaign Sales, its interaction, its agent ana) is in this caller's scope.
        var inScope: Bool { self == .agent || self == .supervisorInScope || self == .admin || self == .kiosk }

        /// The cookie value this caller sends: a login's session, a kiosk link's token, nothing for nobody.
        func session(_ w: World) async -> String? {
            if self == .kiosk { return w.kioskToken }
            guard let username else { return nil }
            return await w.server.login(username)
        }
    }

    /// The world: campaign Sales (ana, sam, an interaction) and campaign Zeta (bo, otto).
    struct World {
        let server: LiveTestServer
        let sales: CampaignID
        let zeta: CampaignID
        let provider: Int
        let agent: UserRecord
        let interaction: InteractionID
        /// The token of a kiosk link showing Sales.
        let kioskToken: String
        /// Text only someone who may see Sales can read.
        static let secrets = ["+14155550100", "+5491155550000", "Order is late"]
    }

    static func world() async throws -> World {
        let server = try await LiveTestServer.start()
        let s = try await server.scenario()
        let rest = server.api(await server.login("root"))
        let provider = await rest.post("/api/providers", [
            "name": "Classic Two", "kind": "classic", "baseUrl": "https://api.example.test", "numbers": ["+14155550199"],
            "accountSid": "AC0123456780", "authToken": "auth-secret-two",
        ] as [String: Any])
        let zetaAnswer = await rest.post("/api/campaigns", ["name": "Zeta", "providerId": provider.object["id"] as? Int ?? 0,
                                                             "number": "+14155550199"] as [String: Any])
        let zeta = CampaignID(Int64(zetaAnswer.object["id"] as? Int ?? 0))
        let bo = try await server.makeUser("bo", role: .agent)
        _ = await rest.post("/api/campaigns/\(zeta)/members", ["agentId": bo.id.rawValue])
        try await server.makeUser("otto", role: .supervisor, scopes: [zeta])
        let interaction = try await server.customerWrites("Order is late", from: "+5491155550000", to: s.campaign)
        let providers = await rest.get("/api/providers").array
        let salesProvider = providers.first { ($0["name"] as? String) == "Classic One" }?["id"] as? Int ?? 0
        let kiosk = await rest.post("/api/kiosk-links", ["name": "Sales TV", "campaigns": [s.campaign.rawValue]] as [String: Any])
        let kioskToken = try #require(kiosk.object["token"] as? String, "the kiosk link is created: \(kiosk.text)")
        return World(server: server, sales: s.campaign, zeta: zeta, provider: salesProvider, agent: s.agent, interaction: interaction,
                     kioskToken: kioskToken)
    }

    /// Every route the product registers.
    static func routes(_ server: LiveTestServer) -> [(method: HTTPMethod, pattern: String)] {
        let clock = SystemWallClock()
        return APIRouter.product(store: server.store, access: AccessDirectory(clock: clock), clock: clock, lifetimeSeconds: 60).patterns
            + WebhookHandler.routes
    }

    // MARK: - Every route and command has a rule

    @Test func everyRouteAndEveryCommandHasARuleAndEveryRuleARoute() async throws {
        let w = try await Self.world()
        let routes = Self.routes(w.server)
        for route in routes {
            #expect(AccessPolicy.rule(route.method, route.pattern) != nil, Comment(rawValue: AccessPolicy.missingRule(route.method, route.pattern)))
        }
        let registered = Set(routes.map { AccessPolicy.key($0.method, $0.pattern) })
        for key in AccessPolicy.routes.keys {
            #expect(registered.contains(key), "AccessPolicy.routes has a rule for \(key), which no route registers: remove it or fix its key")
        }
        for command in LiveCommandName.allCases {
            #expect(AccessPolicy.commands[command] != nil, Comment(rawValue: AccessPolicy.missingRule(command)))
        }
        await w.server.remove()
    }

    // MARK: - Routes

    /// A concrete path for a pattern: `:id` names the Sales object of the route's collection.
    static func path(_ pattern: String, _ w: World) -> String {
        let segments = pattern.split(separator: "/").map(String.init)
        var out: [String] = []
        for (index, segment) in segments.enumerated() {
            guard segment.first == ":" else { out.append(segment); continue }
            let collection = index > 0 ? segments[index - 1] : ""
            switch (segment, collection) {
            case (":agentId", _): out.append("\(w.agent.id)")
            case (_, "campaigns"): out.append("\(w.sales)")
            case (_, "recordings"), (_, "interactions"): out.append("\(w.interaction)")
            case (_, "users"): out.append("\(w.agent.id)")
            case (_, "providers"), (_, "cloud"), (_, "classic"): out.append("\(w.provider)")
            default: out.append("1")
            }
        }
        return "/" + out.joined(separator: "/")
    }

    @Test func everyRouteAnswersEachCallerAsItsRuleSays() async throws {
        let w = try await Self.world()
        // Destructive calls last (deeper paths first), so every caller meets the same world.
        let routes = Self.routes(w.server).sorted { a, b in
            if (a.method == .delete) != (b.method == .delete) { return b.method == .delete }
            return a.method == .delete && a.pattern.count > b.pattern.count
        }
        var tried = 0
        for who in Who.allCases {
            for route in routes {
                let rule = AccessPolicy.rule(route.method, route.pattern)
                let session = await who.session(w)
                let client = w.server.api(session)
                let path = Self.path(route.pattern, w)
                let body: Any? = route.method == .post || route.method == .put ? [String: Any]() : nil
                let answer = await client.request(route.method.rawValue, path, json: body)
                tried += 1
                let label = Comment(rawValue: "\(who) \(route.method.rawValue) \(path) → \(answer.status) \(answer.text.prefix(160))")
                let refused = answer.status == 401 || answer.status == 403
                guard let rule else {
                    // No rule (the test above says what to add): refused to everyone, fail closed.
                    #expect(answer.status == 403 || answer.status == 401, label)
                    continue
                }
                if rule.audience == .signed {
                    // Without the provider's signature a webhook is never accepted, session or not.
                    #expect(answer.status >= 400 && answer.status < 500, label)
                    continue
                }
                guard let role = who.role else {
                    switch rule.audience {
                    case .anyone, .loopbackOrAdmin: #expect(!refused, label)   // the test client is on loopback
                    case .signed: #expect(refused || answer.status == 400, label)   // no signature: never accepted
                    case .kiosk, .roles: #expect(answer.status == 401, label)
                    }
                    continue
                }
                if !rule.audience.admits(role) {
                    if rule.audience == .loopbackOrAdmin { #expect(!refused, label) } else { #expect(answer.status == 403, label) }
                    continue
                }
                switch rule.scope {
                case .campaign, .interaction:
                    let inScope = who.inScope && !(role == .agent && { if case .interaction = rule.scope { true } else { false } }())
                    if inScope { #expect(!refused && answer.status != 404, label) } else { #expect(answer.status == 404, label) }
                default:
                    #expect(!refused, label)
                }
                // Whatever a caller out of scope is answered, it never shows Sales' numbers or messages.
                if !who.inScope {
                    for secret in World.secrets { #expect(!answer.text.contains(secret), label) }
                }
                // A kiosk shows figures: never a customer's number or words.
                if who == .kiosk {
                    for secret in World.secrets.dropFirst() { #expect(!answer.text.contains(secret), label) }
                }
            }
        }
        #expect(tried >= routes.count * Who.allCases.count)
        await w.server.remove()
    }

    // MARK: - Commands

    /// Arguments naming the Sales objects, enough for every command.
    static func arguments(_ command: LiveCommandName, _ w: World) -> [String: Any] {
        var arguments: [String: Any] = [
            "interaction": w.interaction.rawValue, "campaign": w.sales.rawValue, "agent": w.agent.id.rawValue,
            "text": "hello", "draft": "", "reason": "coffee", "scroll": 0, "index": 0,
            "number": "+59899000999", "variables": [String](),
        ]
        arguments["template"] = command == .startOutgoing ? 1 : nil   // `send` stays a text
        arguments["topic"] = command == .subscribe || command == .unsubscribe ? "campaign:\(w.sales)" : nil
        return arguments
    }

    @Test func everyCommandAnswersEachCallerAsItsRuleSays() async throws {
        let w = try await Self.world()
        // Nobody has no socket at all.
        #expect(try await LiveTestSocket.open(port: w.server.port, session: nil).status == 401)
        // The agent's own session ending (disconnect) and its going offline come last.
        let last: [LiveCommandName] = [.logout, .disconnect]
        let commands = LiveCommandName.allCases.filter { !last.contains($0) } + last
        for command in commands {
            guard let rule = AccessPolicy.commands[command] else { continue }   // the test above fails
            for who in Who.allCases where who != .nobody {
                guard let role = who.role else { continue }
                let session = try #require(await who.session(w), "\(who) logs in")
                let socket = try #require(try await LiveTestSocket.open(port: w.server.port, session: session).socket)
                let answer = try await socket.command(command.rawValue, Self.arguments(command, w))
                let code = answer.string("code")
                let label = Comment(rawValue: "\(who) \(command.rawValue) → \(answer.string("type") ?? "?") \(code ?? "") \(answer.string("message") ?? "")")
                #expect(code != "unauthenticated" && code != "bad_request" && code != "unknown_command", label)
                if !rule.audience.admits(role) {
                    #expect(code == "forbidden", label)
                } else {
                    switch rule.scope {
                    case .agent where role == .agent:
                        #expect(code != "forbidden", label)   // an agent acts on itself
                    case .topic where role == .kiosk:
                        #expect(code == "forbidden", label)   // a kiosk reads the wallboard only, not a campaign's topic
                    case .agent, .campaignArgument, .topic:
                        if who.inScope { #expect(code != "forbidden", label) } else { #expect(code == "forbidden", label) }
                    case .ownInteraction:
                        // The domain refuses an interaction the agent does not answer.
                        if who.inScope { #expect(code != "forbidden", label) } else { #expect(answer.string("type") == "error", label) }
                    default:
                        #expect(code != "forbidden", label)
                    }
                }
                try? await socket.close()
            }
        }
        await w.server.remove()
    }
}
