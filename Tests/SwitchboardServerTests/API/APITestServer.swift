import Foundation
import Logging
import SwitchboardDomain
import SwitchboardServer
import SwitchboardStore

/// A real `SwitchboardApp` on a free port with a fresh SQLite file, and helpers to make users and log in.
final class APITestServer: Sendable {
    let app: SwitchboardApp
    let directory: String

    /// Starts the app in a temporary folder (database and an empty public folder).
    static func start(logger: Logger = Logger(label: "switchboard")) async throws -> APITestServer {
        let directory = NSTemporaryDirectory() + "switchboard-api-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory + "/public", withIntermediateDirectories: true)
        var configuration = AppConfiguration()
        configuration.port = 0
        configuration.loopCount = 1
        configuration.databasePath = directory + "/test.db"
        configuration.publicDirectory = directory + "/public"
        return APITestServer(app: try await SwitchboardApp.start(configuration, logger: logger), directory: directory)
    }

    private init(app: SwitchboardApp, directory: String) {
        self.app = app
        self.directory = directory
    }

    var store: StoreDatabase { app.store }

    /// A client without a session.
    var anonymous: APITestClient { APITestClient(port: app.port, session: nil) }

    /// Creates a user straight in the store (with a cheap hash, so logins are fast) and tells the directory.
    @discardableResult
    func makeUser(_ username: String, role: UserRole, scopes: [CampaignID] = [], password: String = "password123") async throws -> UserRecord {
        let user = try await store.createUser(
            NewUser(username: username, displayName: username.capitalized, role: role,
                    passwordHash: PasswordHasher.hash(password, iterations: 1000), supervisorScopes: scopes),
            at: Timestamp(milliseconds: 1_700_000_000_000))
        app.access.updated(user)
        return user
    }

    /// Logs in and returns a client carrying the session cookie.
    func login(_ username: String, password: String = "password123") async -> APITestClient {
        let answer = await anonymous.post("/api/login", ["username": username, "password": password])
        let cookie = answer.header("Set-Cookie") ?? ""
        let value = cookie.split(separator: ";").first.map { String($0.dropFirst("sb_session=".count)) }
        return APITestClient(port: app.port, session: value)
    }

    /// A logged-in client for a new user of that role.
    func client(_ username: String, role: UserRole, scopes: [CampaignID] = []) async throws -> APITestClient {
        try await makeUser(username, role: role, scopes: scopes)
        return await login(username)
    }

    /// Stops the app and removes its files.
    func stop() async {
        await app.shutdown()
        try? FileManager.default.removeItem(atPath: directory)
    }
}
