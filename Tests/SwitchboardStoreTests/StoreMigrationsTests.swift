import Testing
import SwitchboardDomain
@testable import SwitchboardStore

@Suite struct StoreMigrationsTests {
    @Test func migratesAnEmptyFileToTheNewestVersion() async throws {
        let fixture = try StoreTestFixture()
        defer { fixture.remove() }
        let db = try await fixture.open()
        #expect(try await db.schemaVersion() == StoreMigrations.latest)
        let journal = try await db.read { c throws(StoreError) in
            try c.with("PRAGMA journal_mode") { s throws(StoreError) in try s.step() ? s.text(0) : "" }
        }
        #expect(journal == "wal")
        await db.close()
    }

    /// A file left at each earlier version (with data in it) upgrades to the newest and keeps its rows.
    @Test(arguments: 1..<StoreMigrations.latest)
    func upgradesFromEveryEarlierVersion(version: Int) async throws {
        let fixture = try StoreTestFixture()
        defer { fixture.remove() }
        let old = try await StoreDatabase.open(StoreConfiguration(path: fixture.path), migratingTo: version)
        #expect(try await old.schemaVersion() == version)
        _ = try await old.createUser(NewUser(username: "ana", displayName: "Ana", role: .agent, passwordHash: "h"), at: fixture.t0)
        await old.close()

        let db = try await fixture.open()
        #expect(try await db.schemaVersion() == StoreMigrations.latest)
        #expect(try await db.users().map(\.username) == ["ana"])
        let (provider, campaign) = try await fixture.seed(db)
        let outcome = try await db.recordInbound(fixture.inbound(campaign, provider, id: "w1"))
        #expect(try await db.transcript(outcome.interactionID).count == 1)
        await db.close()
    }

    @Test func refusesAFileFromANewerBuild() async throws {
        let fixture = try StoreTestFixture()
        defer { fixture.remove() }
        let db = try await fixture.open()
        try await db.write { c throws(StoreError) in try c.execute("PRAGMA user_version = 99") }
        await db.close()
        await #expect(throws: StoreError.schemaTooNew(found: 99, supported: StoreMigrations.latest)) {
            _ = try await fixture.open()
        }
    }

    @Test func theSystemSQLiteHasFTS5() {
        #expect(StoreMigrations.hasFTS5())
    }
}
