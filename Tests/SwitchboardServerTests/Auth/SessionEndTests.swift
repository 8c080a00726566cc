import Foundation
import SwitchboardDomain
import SwitchboardServer
import SwitchboardStore
import Testing
import TestSupport

/// Sessions ending against a real server: the open sockets of an ended session close with 1008 and the reason,
/// and the other sessions go on.
@Suite("Session ends close sockets")
struct SessionEndTests {
    @Test func logoutClosesThatSessionsSocketsOnly() async throws {
        let server = try await LiveTestServer.start(clock: ManualClock())
        defer { Task { await server.remove() } }
        let people = try await server.scenario()
        let first = try #require(await server.login("ana")), second = try #require(await server.login("ana"))
        let leaving = try #require(try await LiveTestSocket.open(port: server.port, session: first).socket)
        let staying = try #require(try await LiveTestSocket.open(port: server.port, session: second).socket)
        #expect(try await leaving.command("subscribe", ["topic": "inbox:\(people.agent.id)"])["type"] as? String == "ack")

        #expect(await server.api(first).post("/api/logout", [:] as [String: Any]).status == 204)
        #expect(try await leaving.closeCode() == 1008)
        #expect(leaving.closeReason == "logged out")
        #expect(await server.api(first).get("/api/me").status == 401)
        #expect(try await staying.command("subscribe", ["topic": "inbox:\(people.agent.id)"])["type"] as? String == "ack")
        #expect(await server.api(second).get("/api/me").status == 200)
    }

    @Test func aNewPasswordEndsTheOtherSessionsAndClosesTheirSockets() async throws {
        let server = try await LiveTestServer.start(clock: ManualClock())
        defer { Task { await server.remove() } }
        let people = try await server.scenario()
        let agentSession = try #require(await server.login("ana"))
        let socket = try #require(try await LiveTestSocket.open(port: server.port, session: agentSession).socket)
        let admin = try #require(await server.login("root")), otherAdmin = try #require(await server.login("root"))
        let adminSocket = try #require(try await LiveTestSocket.open(port: server.port, session: otherAdmin).socket)

        // An administrator sets the agent's password: every session of the agent ends.
        let set = await server.api(admin).put("/api/users/\(people.agent.id)/password", ["password": "a new secret 1"])
        #expect(set.status == 204)
        #expect(try await socket.closeCode() == 1008)
        #expect(socket.closeReason == "password changed")
        #expect(await server.api(agentSession).get("/api/me").status == 401)

        // Its own: the session it used stays, its other session (and socket) end.
        let own = await server.api(admin).put("/api/users/\(people.admin.id)/password", ["password": "a new secret 2"])
        #expect(own.status == 204)
        #expect(await server.api(admin).get("/api/me").status == 200)
        #expect(try await adminSocket.closeCode() == 1008)
        #expect(await server.api(otherAdmin).get("/api/me").status == 401)
        // And a restart keeps it so (the store revoked them too).
        let live = try await server.store.liveSessions(at: server.clock.now())
        #expect(Set(live.map(\.userID)) == [people.admin.id])
        #expect(live.count == 1)
    }

    @Test func idleAndAbsoluteExpiryWithAnOpenSocket() async throws {
        let clock = ManualClock()
        let server = try await LiveTestServer.start(clock: clock)
        defer { Task { await server.remove() } }
        let people = try await server.scenario()
        let idle = try #require(await server.login("sam")), wallboard = try #require(await server.login("sam"))
        let socket = try #require(try await LiveTestSocket.open(port: server.port, session: wallboard).socket)
        #expect(try await socket.command("subscribe", ["topic": "campaign:\(people.campaign)"])["type"] as? String == "ack")

        clock.advance(seconds: 31 * 60)
        server.app.access.expire()
        #expect(await server.api(idle).get("/api/me").status == 401)
        // The open wallboard kept its session: its REST calls work.
        #expect(await server.api(wallboard).get("/api/me").status == 200)
        // An idle end is written to the store, so a restart does not bring the session back.
        let liveSessions = try await server.store.liveSessions(at: clock.now())
        #expect(!liveSessions.contains { $0.tokenHash == SessionToken(value: idle).hash })

        clock.advance(seconds: 12 * 3600)
        server.app.access.expire()
        #expect(try await socket.closeCode() == 1008)
        #expect(socket.closeReason == "session expired")
    }

    @Test func aRoleOrScopeChangeMakesTheUsersSocketsReconnect() async throws {
        let server = try await LiveTestServer.start(clock: ManualClock())
        defer { Task { await server.remove() } }
        let people = try await server.scenario()
        let session = try #require(await server.login("sam"))
        let socket = try #require(try await LiveTestSocket.open(port: server.port, session: session).socket)
        #expect(try await socket.command("subscribe", ["topic": "campaign:\(people.campaign)"])["type"] as? String == "ack")
        let admin = server.api(await server.login("root"))
        let changed = await admin.put("/api/users/\(people.supervisor.id)", [
            "displayName": "Sam", "role": "supervisor", "supervisorScopes": [Int](),
        ] as [String: Any])
        #expect(changed.status == 200)
        #expect(try await socket.closeCode() == 4002)
        // Reconnected under the new scope, the campaign is out of reach; the session itself goes on.
        let again = try #require(try await LiveTestSocket.open(port: server.port, session: session).socket)
        let refused = try await again.command("subscribe", ["topic": "campaign:\(people.campaign)"])
        #expect(refused["code"] as? String == "forbidden")
    }
}
