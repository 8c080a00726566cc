import Foundation
import SwitchboardDomain
import SwitchboardServer
import SwitchboardStore
import Testing
import TestSupport

/// `GET /api/users/:id/sessions` and `DELETE /api/sessions/:id` against a real server.
@Suite("Session administration routes")
struct SessionAdminRoutesTests {
    @Test func anAdministratorListsAUsersSessionsAndRevokesOneClosingItsSockets() async throws {
        let server = try await LiveTestServer.start(clock: ManualClock())
        defer { Task { await server.remove() } }
        let people = try await server.scenario()
        let first = try #require(await server.login("ana")), second = try #require(await server.login("ana"))
        let socket = try #require(try await LiveTestSocket.open(port: server.port, session: first).socket)
        #expect(try await socket.command("subscribe", ["topic": "inbox:\(people.agent.id)"])["type"] as? String == "ack")
        let admin = server.api(await server.login("root"))

        let list = await admin.get("/api/users/\(people.agent.id)/sessions")
        #expect(list.status == 200)
        #expect(list.array.count == 2)
        #expect(list.array.allSatisfy { ($0["id"] as? String)?.count == 32 && $0["current"] as? Bool == false })
        #expect(list.array.map { $0["openSockets"] as? Int } .sorted { ($0 ?? 0) < ($1 ?? 0) } == [0, 1])
        // Never the token, nor the whole hash.
        #expect(!list.text.contains(first) && !list.text.contains(second))
        let own = await admin.get("/api/users/\(people.admin.id)/sessions")
        #expect(own.array.contains { $0["current"] as? Bool == true })

        // Revoke the session with the open socket: the socket closes with the reason, the other session goes on.
        let target = try #require(list.array.first { $0["openSockets"] as? Int == 1 }?["id"] as? String)
        #expect(await admin.delete("/api/sessions/\(target)").status == 204)
        #expect(try await socket.closeCode() == 1008)
        #expect(socket.closeReason == "session revoked by an administrator")
        #expect(await server.api(first).get("/api/me").status == 401)
        #expect(await server.api(second).get("/api/me").status == 200)
        #expect(await admin.get("/api/users/\(people.agent.id)/sessions").array.count == 1)
        let audit = try await server.store.auditLog(actor: people.admin.id)
        #expect(audit.contains { $0.action == "session.revoke" && $0.target == "user:\(people.agent.id) session:\(target)" })

        // Gone, malformed, or not an administrator.
        #expect(await admin.delete("/api/sessions/\(target)").status == 404)
        #expect(await admin.delete("/api/sessions/xyz").status == 400)
        #expect(await admin.get("/api/users/999/sessions").status == 404)
        let supervisor = server.api(await server.login("sam"))
        #expect(await supervisor.get("/api/users/\(people.agent.id)/sessions").status == 403)
        #expect(await supervisor.delete("/api/sessions/\(target)").status == 403)
    }
}
