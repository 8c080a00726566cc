import Foundation
import Testing
import SwitchboardDomain
import SwitchboardStore
@testable import SwitchboardServer

@Suite("User routes")
struct UserRoutesTests {
    @Test func createHashesThePasswordAndNeverShowsIt() async throws {
        let server = try await APITestServer.start()
        let admin = try await server.client("admin", role: .admin)
        let created = await admin.post("/api/users", [
            "username": "ana", "password": "correct horse", "displayName": "Ana", "role": "agent", "monitorScreen": true,
        ] as [String: Any])
        #expect(created.status == 201)
        #expect(created.object["monitorScreen"] as? Bool == true)
        #expect(created.object["role"] as? String == "agent")
        #expect(!created.text.contains("correct horse"))
        #expect(created.object["passwordHash"] == nil)
        let stored = try await server.store.credentials(username: "ana")
        #expect(stored.map { PasswordHasher.verify("correct horse", against: $0.passwordHash) } == true)
        let ana = await server.login("ana", password: "correct horse")
        #expect(await ana.get("/api/me").object["username"] as? String == "ana")
        let list = await admin.get("/api/users")
        #expect(list.array.map { $0["username"] as? String } == ["admin", "ana"])
        #expect(!list.text.contains("pbkdf2"))
        let one = await admin.get("/api/users/\(created.object["id"] as? Int ?? 0)")
        #expect(one.object["displayName"] as? String == "Ana")
        await server.stop()
    }

    @Test func validationNamesEveryBadField() async throws {
        let server = try await APITestServer.start()
        let admin = try await server.client("admin", role: .admin)
        let empty = await admin.post("/api/users", [String: Any]())
        #expect(empty.status == 422)
        #expect(Set(empty.fields.keys) == ["username", "password", "role"])
        let bad = await admin.post("/api/users", [
            "username": "bad name", "password": "short", "role": "boss", "supervisorScopes": [42],
        ] as [String: Any])
        #expect(Set(bad.fields.keys) == ["username", "password", "role", "supervisorScopes.0"])
        let monitor = await admin.post("/api/users", [
            "username": "sup", "password": "password123", "role": "supervisor", "monitorScreen": true,
        ] as [String: Any])
        #expect(monitor.fields["monitorScreen"] != nil)
        let scopes = await admin.post("/api/users", [
            "username": "ag", "password": "password123", "role": "agent", "supervisorScopes": [1],
        ] as [String: Any])
        #expect(scopes.fields["supervisorScopes"] != nil)
        #expect(await admin.post("/api/users", ["username": "ADMIN", "password": "password123", "role": "agent"]).status == 409)
        #expect(await admin.get("/api/users/77").status == 404)
        #expect(await admin.get("/api/users/-1").status == 400)
        let agent = try await server.client("agent", role: .agent)
        #expect(await agent.get("/api/users").status == 403)
        #expect(await server.anonymous.get("/api/users").status == 401)
        await server.stop()
    }

    @Test func updateRoleScopesAndDirectory() async throws {
        let server = try await APITestServer.start()
        let admin = try await server.client("admin", role: .admin)
        let provider = await admin.post("/api/providers", ProviderRoutesTests.classic).object["id"] as? Int ?? 0
        let campaign = await admin.post("/api/campaigns", ["name": "A", "providerId": provider, "number": "+14155550100"] as [String: Any])
            .object["id"] as? Int ?? 0
        let user = try await server.makeUser("bob", role: .agent)
        let bob = await server.login("bob")
        _ = await admin.post("/api/campaigns/\(campaign)/members", ["agentId": user.id.rawValue])
        #expect(await bob.get("/api/providers").status == 403)
        let promoted = await admin.put("/api/users/\(user.id.rawValue)", ["role": "supervisor", "supervisorScopes": [campaign]])
        #expect(promoted.status == 200)
        #expect(promoted.object["supervisorScopes"] as? [Int] == [campaign])
        // The directory follows at once: the same session now has the supervisor's view.
        #expect(await bob.get("/api/campaigns/\(campaign)/members").status == 200)
        #expect(await bob.get("/api/me").object["role"] as? String == "supervisor")
        // An agent's memberships end with its agent role.
        #expect(await admin.get("/api/campaigns/\(campaign)").object["members"] as? [Int] == [])
        let renamed = await admin.put("/api/users/\(user.id.rawValue)", ["displayName": "Robert"])
        #expect(renamed.object["displayName"] as? String == "Robert")
        #expect(renamed.object["supervisorScopes"] as? [Int] == [campaign])
        #expect(await admin.put("/api/users/\(user.id.rawValue)", ["username": "x"]).status == 422)
        await server.stop()
    }

    @Test func lastAdminAndSelfDeletionAreRefused() async throws {
        let server = try await APITestServer.start()
        let me = try await server.makeUser("admin", role: .admin)
        let admin = await server.login("admin")
        #expect(await admin.delete("/api/users/\(me.id.rawValue)").status == 409)
        #expect(await admin.put("/api/users/\(me.id.rawValue)", ["role": "agent"]).status == 409)
        let other = try await server.makeUser("admin2", role: .admin)
        let selfDemotion = await admin.put("/api/users/\(me.id.rawValue)", ["role": "agent"])
        #expect(selfDemotion.status == 409)
        #expect(selfDemotion.text.contains("your own role"))
        #expect(await admin.put("/api/users/\(me.id.rawValue)", ["role": "admin", "displayName": "Me"]).status == 200)
        let otherAdmin = await server.login("admin2")
        #expect(await otherAdmin.delete("/api/users/\(me.id.rawValue)").status == 204)
        #expect(await admin.get("/api/me").status == 401)
        #expect(await otherAdmin.delete("/api/users/\(other.id.rawValue)").status == 409)
        #expect(await otherAdmin.put("/api/users/\(other.id.rawValue)", ["role": "supervisor"]).status == 409)
        await server.stop()
    }

    @Test func deletingAUserEndsItsSessionsAtOnce() async throws {
        let server = try await APITestServer.start()
        let admin = try await server.client("admin", role: .admin)
        let user = try await server.makeUser("carol", role: .agent)
        let carol = await server.login("carol")
        #expect(await carol.get("/api/me").status == 200)
        #expect(await admin.delete("/api/users/\(user.id.rawValue)").status == 204)
        #expect(await carol.get("/api/me").status == 401)
        #expect(await admin.get("/api/users/\(user.id.rawValue)").status == 404)
        #expect(await admin.delete("/api/users/\(user.id.rawValue)").status == 404)
        await server.stop()
    }

    @Test func passwordChangeLogsTheUserOut() async throws {
        let server = try await APITestServer.start()
        let me = try await server.makeUser("admin", role: .admin)
        let admin = await server.login("admin")
        let user = try await server.makeUser("dave", role: .agent)
        let dave = await server.login("dave")
        #expect(await admin.put("/api/users/\(user.id.rawValue)/password", ["password": "short"]).status == 422)
        #expect(await admin.put("/api/users/\(user.id.rawValue)/password", ["password": "a new password"]).status == 204)
        #expect(await dave.get("/api/me").status == 401)
        #expect(await server.login("dave", password: "a new password").get("/api/me").status == 200)
        #expect(await server.anonymous.post("/api/login", ["username": "dave", "password": "password123"]).status == 401)
        #expect(await admin.put("/api/users/\(me.id.rawValue)/password", ["password": "admin's new one"]).status == 204)
        #expect(await admin.get("/api/me").status == 200)
        #expect(await admin.put("/api/users/999/password", ["password": "whatever123"]).status == 404)
        let audit = try await server.store.auditLog(actor: me.id).filter { !$0.action.hasPrefix("login") }
            .map { "\($0.action) \($0.target ?? "")" }
        #expect(audit == ["user.password user:\(me.id)", "user.password user:\(user.id)"])
        #expect(try await server.store.auditLog().allSatisfy { $0.detail == nil })
        await server.stop()
    }
}
