import ArgumentParser
import SwitchboardStore

/// `switchboard backup`: an online copy of the database (SQLite's backup API), safe while `serve` runs.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "Copy the database to a file while the service keeps running."
    )

    @Option(help: "The SQLite database file.") var db = "./switchboard.db"
    @Option(help: "Where to write the copy (replaced if it exists).") var to: String

    func run() async throws {
        let store = try await StoreDatabase.open(StoreConfiguration(path: db))
        do {
            try await store.backup(to: to)
        } catch {
            await store.close()
            throw error
        }
        await store.close()
        print("backed up \(db) to \(to)")
    }
}
