import ArgumentParser
import SwitchboardServer
import SwitchboardStore

/// `switchboard user add/passwd/list/disable`: users straight in the database (the first administrator, recovery).
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage users in the database (with the server stopped, or use the REST API).",
        subcommands: [Add.self, Passwd.self, List.self, Disable.self]
    )

    /// The options every subcommand shares.
    struct Database: ParsableArguments {
        @Option(help: "The SQLite database file.") var db = "./switchboard.db"

        func administration<T>(_ body: (UserAdministration) async throws(UserAdministration.Failure) -> T) async throws -> T {
            let store = try await StoreDatabase.open(StoreConfiguration(path: db))
            let result: Result<T, UserAdministration.Failure>
            do throws(UserAdministration.Failure) {
                result = .success(try await body(UserAdministration(store: store, clock: SystemWallClock())))
            } catch {
                result = .failure(error)
            }
            await store.close()
            switch result {
            case .success(let value): return value
            case .failure(let failure): throw ValidationError(failure.description)
            }
        }
    }

    /// The password from the option, else from SWITCHBOARD_PASSWORD.
    static func password(_ option: String?) throws -> String {
        guard let secret = option ?? ProcessEnvironment.value("SWITCHBOARD_PASSWORD") else {
            throw ValidationError("a password is required (--password or SWITCHBOARD_PASSWORD)")
        }
        return secret
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a user (e.g. the first administrator).")

        @OptionGroup var database: Database
        @Option(help: "Login name.") var username: String
        @Option(help: "Name shown in the pages.") var name: String?
        @Option(help: "admin, supervisor or agent.") var role = "admin"
        @Option(help: "Password (at least 8 characters); read from SWITCHBOARD_PASSWORD when omitted.") var password: String?

        func run() async throws {
            let secret = try UserCommand.password(password)
            let user = try await database.administration { admin throws(UserAdministration.Failure) in
                try await admin.add(username: username, name: name, role: role, password: secret)
            }
            print("created \(user.role.rawValue) \(user.username) (id \(user.id.rawValue))")
        }
    }

    struct Passwd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set a user's password (its sessions end).")

        @OptionGroup var database: Database
        @Option(help: "Login name.") var username: String
        @Option(help: "New password (at least 8 characters); read from SWITCHBOARD_PASSWORD when omitted.") var password: String?

        func run() async throws {
            let secret = try UserCommand.password(password)
            try await database.administration { admin throws(UserAdministration.Failure) in
                try await admin.setPassword(username: username, password: secret)
            }
            print("password of \(username) changed; its sessions ended")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the users.")

        @OptionGroup var database: Database

        func run() async throws {
            let rows = try await database.administration { admin throws(UserAdministration.Failure) in try await admin.list() }
            print("id\tusername\trole\tstate\tname")
            for row in rows {
                print("\(row.user.id.rawValue)\t\(row.user.username)\t\(row.user.role.rawValue)\t\(row.disabled ? "disabled" : "enabled")\t\(row.user.displayName)")
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable a user (no login, its sessions end); --enable undoes it.")

        @OptionGroup var database: Database
        @Option(help: "Login name.") var username: String
        @Flag(help: "Enable the user again.") var enable = false

        func run() async throws {
            try await database.administration { admin throws(UserAdministration.Failure) in
                try await admin.setDisabled(username: username, !enable)
            }
            print("\(username) \(enable ? "enabled" : "disabled")")
        }
    }
}
