import Foundation
import SwitchboardDomain
import SwitchboardServer
import SwitchboardStore
import Testing

/// `switchboard user add/passwd/list/disable` through `UserAdministration`, on a real database file.
@Suite("User administration")
struct UserAdministrationTests {
    let clock = SystemWallClock()

    func withStore(_ body: (StoreDatabase, UserAdministration) async throws -> Void) async throws {
        let directory = NSTemporaryDirectory() + "switchboard-users-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let store = try await StoreDatabase.open(StoreConfiguration(path: directory + "/db"))
        try await body(store, UserAdministration(store: store, clock: clock, iterations: 1000))
        await store.close()
        try? FileManager.default.removeItem(atPath: directory)
    }

    @Test func addListPasswordAndDisable() async throws {
        try await withStore { store, admin in
            let root = try await admin.add(username: "root", name: "Root", role: "admin", password: "first-pass")
            let ana = try await admin.add(username: "ana", name: nil, role: "agent", password: "ana-secret")
            #expect(try await admin.list().map(\.user.username) == ["ana", "root"])
            #expect(try await admin.list().allSatisfy { !$0.disabled })

            // A new password works, the old one no longer does, and the user's sessions end.
            let now = clock.now()
            _ = try await store.createSession(tokenHash: [1, 2, 3], user: ana.id, createdAt: now, expiresAt: now.adding(seconds: 3600))
            try await admin.setPassword(username: "ANA", password: "new-secret")
            let credentials = try #require(try await store.credentials(username: "ana"))
            #expect(PasswordHasher.verify("new-secret", against: credentials.passwordHash))
            #expect(!PasswordHasher.verify("ana-secret", against: credentials.passwordHash))
            #expect(try await store.liveSessions(at: clock.now()).isEmpty)

            // Disabled: no credentials (the login fails like a wrong password), sessions gone; enabled again: back.
            _ = try await store.createSession(tokenHash: [4, 5, 6], user: ana.id, createdAt: now, expiresAt: now.adding(seconds: 3600))
            try await admin.setDisabled(username: "ana", true)
            #expect(try await store.credentials(username: "ana") == nil)
            #expect(try await store.liveSessions(at: clock.now()).isEmpty)
            #expect(try await admin.list().first { $0.user.id == ana.id }?.disabled == true)
            try await admin.setDisabled(username: "ana", false)
            #expect(try await store.credentials(username: "ana") != nil)

            // The last enabled administrator stays.
            await #expect(throws: UserAdministration.Failure.lastAdministrator) { try await admin.setDisabled(username: "root", true) }
            _ = try await admin.add(username: "second", name: nil, role: "admin", password: "second-pass")
            try await admin.setDisabled(username: "root", true)
            #expect(try await store.credentials(username: root.username) == nil)
        }
    }

    @Test func badInputIsRefusedWithAClearReason() async throws {
        try await withStore { _, admin in
            await #expect(throws: UserAdministration.Failure.badPassword("must be at least 8 characters")) {
                _ = try await admin.add(username: "x", name: nil, role: "admin", password: "short")
            }
            await #expect(throws: UserAdministration.Failure.badRole("boss")) {
                _ = try await admin.add(username: "x", name: nil, role: "boss", password: "long-enough")
            }
            await #expect(throws: UserAdministration.Failure.unknownUser("ghost")) {
                try await admin.setPassword(username: "ghost", password: "long-enough")
            }
            await #expect(throws: UserAdministration.Failure.unknownUser("ghost")) { try await admin.setDisabled(username: "ghost", true) }
            _ = try await admin.add(username: "x", name: nil, role: "agent", password: "long-enough")
            await #expect(throws: (any Error).self) { _ = try await admin.add(username: "X", name: nil, role: "agent", password: "long-enough") }
            #expect(try await admin.list().count == 1)
        }
    }
}
