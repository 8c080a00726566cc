import ArgumentParser
import SwitchboardServer
import SwitchboardStore

/// `switchboard user add`: creates a user directly in the database (the first administrator).
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage users in the database.", subcommands: [Add.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a user (e.g. the first administrator).")

        @Option(help: "The SQLite database file.") var db = "./switchboard.db"
        @Option(help: "Login name.") var username: String
        @Option(help: "Name shown in the pages.") var name: String?
        @Option(help: "admin, supervisor or agent.") var role = "admin"
        @Option(help: "Password (at least 8 characters); read from SWITCHBOARD_PASSWORD when omitted.") var password: String?

        func run() async throws {
            guard let role = UserRole(rawValue: role) else { throw ValidationError("--role is admin, supervisor or agent") }
            let secret = password ?? ProcessEnvironment.value("SWITCHBOARD_PASSWORD")
            guard let secret, secret.count >= 8 else {
                throw ValidationError("a password of at least 8 characters is required (--password or SWITCHBOARD_PASSWORD)")
            }
            let store = try await StoreDatabase.open(StoreConfiguration(path: db))
            let user = try await store.createUser(
                NewUser(username: username, displayName: name ?? username, role: role, passwordHash: PasswordHasher.hash(secret)),
                at: SystemWallClock().now())
            await store.close()
            print("created \(role.rawValue) \(user.username) (id \(user.id.rawValue))")
        }
    }
}
