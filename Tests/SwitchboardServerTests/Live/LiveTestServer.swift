import Foundation
import SwitchboardDomain
import SwitchboardServer
import SwitchboardStore

/// A real `SwitchboardApp` on a free port with a SQLite file in a temporary folder that outlives restarts, plus
/// the users and campaign of the live scenario: an admin, a supervisor scoped to the campaign, an agent member.
final class LiveTestServer: Sendable {
    let app: SwitchboardApp
    let directory: String
    let clock: any WallClock

    private init(app: SwitchboardApp, directory: String, clock: any WallClock) {
        self.app = app
        self.directory = directory
        self.clock = clock
    }

    /// Starts the app on `directory`'s database (a new folder when nil), with `clock` as its clock.
    static func start(directory: String? = nil, loops: Int = 1, clock: any WallClock = SystemWallClock(),
                      configure: (inout AppConfiguration) -> Void = { _ in }) async throws -> LiveTestServer {
        let directory = directory ?? NSTemporaryDirectory() + "switchboard-live-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory + "/public", withIntermediateDirectories: true)
        var configuration = AppConfiguration()
        configuration.port = 0
        configuration.loopCount = loops
        configuration.databasePath = directory + "/test.db"
        configuration.publicDirectory = directory + "/public"
        configure(&configuration)
        return LiveTestServer(app: try await SwitchboardApp.start(configuration, clock: clock), directory: directory, clock: clock)
    }

    /// Stops the app, keeping its files (for a restart).
    func stop() async { await app.shutdown() }

    /// Stops the app and removes its files.
    func remove() async {
        await app.shutdown()
        try? FileManager.default.removeItem(atPath: directory)
    }

    var store: StoreDatabase { app.store }
    var center: ContactCenter { app.live.center }
    var port: Int { app.port }

    /// Creates a user in the store with a cheap hash and tells the directory and the live side, as the API does.
    @discardableResult
    func makeUser(_ username: String, role: UserRole, scopes: [CampaignID] = []) async throws -> UserRecord {
        let user = try await store.createUser(
            NewUser(username: username, displayName: username.capitalized, role: role,
                    passwordHash: PasswordHasher.hash("password123", iterations: 1000), supervisorScopes: scopes),
            at: Timestamp(milliseconds: 1_700_000_000_000))
        app.access.updated(user)
        await app.live.userChanged(user, previousRole: nil)
        return user
    }

    /// Logs in through `POST /api/login` and returns the session cookie's value.
    func login(_ username: String) async -> String? {
        let answer = await APITestClient(port: port, session: nil).post("/api/login", ["username": username, "password": "password123"])
        let cookie = answer.header("Set-Cookie") ?? ""
        return cookie.split(separator: ";").first.map { String($0.dropFirst("sb_session=".count)) }
    }

    /// A REST client with a session.
    func api(_ session: String?) -> APITestClient { APITestClient(port: port, session: session) }

    /// The scenario's people and campaign.
    struct Scenario {
        let admin: UserRecord
        let agent: UserRecord
        let supervisor: UserRecord
        let campaign: CampaignID
    }

    /// Admin, agent, a campaign made through the REST API with the agent as member, a supervisor scoped to it.
    func scenario() async throws -> Scenario {
        let admin = try await makeUser("root", role: .admin)
        let agent = try await makeUser("ana", role: .agent)
        let rest = api(await login("root"))
        let provider = await rest.post("/api/providers", [
            "name": "Classic One", "kind": "classic", "baseUrl": "http://127.0.0.1:9", "numbers": ["+14155550100"],
            "accountSid": "AC0123456789", "authToken": "auth-secret-value",
        ] as [String: Any])
        let providerID = provider.object["id"] as? Int ?? 0
        let created = await rest.post("/api/campaigns", ["name": "Sales", "providerId": providerID, "number": "+14155550100"] as [String: Any])
        let campaign = CampaignID(Int64(created.object["id"] as? Int ?? 0))
        _ = await rest.post("/api/campaigns/\(campaign)/members", ["agentId": agent.id.rawValue])
        let supervisor = try await makeUser("sam", role: .supervisor, scopes: [campaign])
        return Scenario(admin: admin, agent: agent, supervisor: supervisor, campaign: campaign)
    }

    /// A customer writes: recorded in the store, then queued in the campaign (what the provider webhooks will do).
    func customerWrites(_ text: String, from number: String, to campaign: CampaignID) async throws -> InteractionID {
        let outcome = try await app.live.receive(InboundMessage(
            campaignID: campaign, providerID: ProviderID(1), providerMessageID: UUID().uuidString, heyNowNumber: number,
            at: clock.now(), body: text))
        return outcome.interactionID
    }
}
