import Foundation
import Logging
import SwitchboardDomain
import SwitchboardServer
import SwitchboardStore
import Testing
import TestSupport

/// The audit retention (issue 14) and the expired sessions' clean-up, with an injected clock.
@Suite("Housekeeping")
struct HousekeepingTests {
    @Test func entriesOlderThanTheRetentionGoAndTheirGoingIsAuditedWhileNewerOnesStay() async throws {
        let directory = NSTemporaryDirectory() + "switchboard-housekeeping-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try await StoreDatabase.open(StoreConfiguration(path: directory + "/db"))
        let clock = ManualClock()
        let day: Int64 = 86_400
        let start = clock.now()
        for (offset, action) in [(0, "login"), (day * 20, "pause"), (day * 35, "logout")] {
            _ = try await store.appendAudit(AuditEntry(at: start.adding(seconds: offset), actorID: nil, action: action))
        }
        let user = try await store.createUser(NewUser(username: "ana", displayName: "Ana", role: .agent, passwordHash: "x"), at: start)
        _ = try await store.createSession(tokenHash: [1], user: user.id, createdAt: start, expiresAt: start.adding(seconds: 3_600))
        _ = try await store.createSession(tokenHash: [2], user: user.id, createdAt: start, expiresAt: start.adding(seconds: day * 40))
        let housekeeping = Housekeeping(store: store, clock: clock, auditRetentionDays: 30, logger: Logger(label: "test"))

        clock.set(start.adding(seconds: day * 40))   // the login is 40 days old, the pause 20, the logout 5
        let first = await housekeeping.sweep()
        #expect(first.auditEntries == 1 && first.sessions == 1)
        let actions = try await store.auditLog().map(\.action)
        #expect(Set(actions) == ["pause", "logout", "audit.retention"])
        #expect(try await store.auditLog().first { $0.action == "audit.retention" }?.detail == "deleted 1 entries older than 30 days")
        #expect(try await store.session(tokenHash: [1]) == nil)
        #expect(try await store.session(tokenHash: [2]) != nil)   // expired only now: kept a day

        // Nothing more to delete: no new line.
        #expect(await housekeeping.sweep().auditEntries == 0)
        #expect(try await store.auditLog().count == 3)

        // No retention: everything stays.
        clock.set(start.adding(seconds: day * 400))
        #expect(await Housekeeping(store: store, clock: clock, auditRetentionDays: nil, logger: Logger(label: "test")).sweep().auditEntries == 0)
        #expect(try await store.auditLog().count == 3)
        await store.close()
    }
}
