import Foundation
import SwitchboardDomain
import SwitchboardServer
import SwitchboardStore
import Testing

/// The `/live` WebSocket end to end: a real app, real sockets, the REST API for logins and configuration.
@Suite("Live socket handler")
struct LiveSocketHandlerTests {
    @Test func upgradeNeedsASessionAndTheSameOrigin() async throws {
        let server = try await LiveTestServer.start()
        let scenario = try await server.scenario()
        _ = scenario
        let session = await server.login("sam")
        #expect(try await LiveTestSocket.open(port: server.port, session: nil).status == 401)
        #expect(try await LiveTestSocket.open(port: server.port, session: "forged").status == 401)
        #expect(try await LiveTestSocket.open(port: server.port, session: session, origin: "http://evil.example").status == 403)
        #expect(try await LiveTestSocket.open(port: server.port, session: session, origin: "null").status == 403)
        #expect(try await LiveTestSocket.open(port: server.port, session: session, origin: "http://test").status == 101)
        #expect(try await LiveTestSocket.open(port: server.port, session: session, origin: nil).status == 101)
        await server.remove()
    }

    @Test func agentAndSupervisorWorkAnInteractionUntilTheDisconnect() async throws {
        let server = try await LiveTestServer.start()
        let s = try await server.scenario()
        let c = s.campaign.rawValue, a = s.agent.id.rawValue
        let agentSession = try #require(await server.login("ana"))
        let supervisorSession = try #require(await server.login("sam"))
        let agent = try #require(try await LiveTestSocket.open(port: server.port, session: agentSession).socket)
        let supervisor = try #require(try await LiveTestSocket.open(port: server.port, session: supervisorSession).socket)

        // Subscriptions: the agent its campaign and inbox, the supervisor the wallboard and the campaign.
        #expect(try await agent.command("subscribe", ["topic": "campaign:\(c)"]).string("type") == "ack")
        let emptyList = try await agent.next("snapshot", topic: "campaign:\(c)")
        #expect(emptyList.object("data").objects("waiting").isEmpty)
        #expect(try await agent.command("subscribe", ["topic": "inbox:\(a)"]).string("type") == "ack")
        _ = try await agent.next("snapshot", topic: "inbox:\(a)")
        #expect(try await supervisor.command("subscribe", ["topic": "wallboard"]).string("type") == "ack")
        _ = try await supervisor.next("snapshot", topic: "wallboard")
        #expect(try await supervisor.command("subscribe", ["topic": "campaign:\(c)"]).string("type") == "ack")
        _ = try await supervisor.next("snapshot", topic: "campaign:\(c)")
        // An agent may not read the wallboard; an unknown topic is named as such.
        #expect(try await agent.command("subscribe", ["topic": "wallboard"]).string("code") == "forbidden")
        #expect(try await agent.command("subscribe", ["topic": "nonsense"]).string("code") == "unknown_topic")
        #expect(try await agent.command("launch").string("code") == "unknown_command")
        #expect(try await agent.command("take", ["interaction": "x"]).string("code") == "bad_request")

        // A customer writes: the agent sees it in the waiting list; the wallboard shows it waiting.
        let interaction = try await server.customerWrites("Hello, my order is late", from: "+5491155550000", to: s.campaign)
        let i = interaction.rawValue
        let queued = try await agent.next("delta", topic: "campaign:\(c)", kind: "queued")
        #expect(queued.object("data").object("entry").int("interaction") == i)
        let board = try await supervisor.next { m in
            m.string("topic") == "wallboard" && m.object("data").objects("campaigns").contains { $0.int("waiting") == 1 }
        }
        #expect(board.string("type") == "delta")

        // Offline agents cannot take; after login it takes, and its inbox gets the interaction.
        #expect(try await agent.command("take", ["interaction": i, "campaign": c]).string("code") == "offline")
        #expect(try await agent.command("login").string("type") == "ack")
        let taken = try await agent.command("take", ["interaction": i, "campaign": c])
        #expect(taken.string("type") == "ack")
        #expect(taken.object("result").object("interaction").string("phase") == "active")
        _ = try await agent.next("delta", topic: "inbox:\(a)", kind: "interaction")
        #expect(try await agent.command("send", ["interaction": i, "campaign": c, "text": "On its way!"]).string("type") == "ack")
        #expect(try await server.store.transcript(interaction).map(\.body) == ["Hello, my order is late", "On its way!"])

        // The supervisor spies: the snapshot carries the transcript, then new messages arrive as deltas.
        #expect(try await supervisor.command("spy", ["interaction": i, "campaign": c]).string("type") == "ack")
        let spy = try await supervisor.next("snapshot", topic: "interaction:\(i)")
        let transcript = spy.object("data").object("interaction").objects("transcript").compactMap { $0.string("text") }
        #expect(transcript == ["Hello, my order is late", "On its way!"])
        #expect(try await agent.command("send", ["interaction": i, "campaign": c, "text": "Tracking: 42"]).string("type") == "ack")
        let line = try await supervisor.next("delta", topic: "interaction:\(i)", kind: "message")
        #expect(line.object("data").object("message").string("text") == "Tracking: 42")
        #expect(line.int("seq")! > spy.int("seq")!)

        // Pause, chat, info.
        #expect(try await supervisor.command("pause", ["agent": a, "reason": "coaching"]).string("type") == "ack")
        #expect(try await agent.command("subscribe", ["topic": "chat:\(a)"]).string("type") == "ack")
        _ = try await agent.next("snapshot", topic: "chat:\(a)")
        let chat = try await supervisor.command("chat", ["agent": a, "text": "Please check the tone"])
        #expect(chat.object("result").object("line").string("author") == "supervisor")
        let heard = try await agent.next("delta", topic: "chat:\(a)", kind: "chat")
        #expect(heard.object("data").object("line").string("text") == "Please check the tone")
        let info = try await supervisor.command("info", ["agent": a])
        #expect(info.object("result").object("presence").string("status") == "paused")
        #expect(info.object("result").objects("interactions").count == 1)
        #expect(try await agent.command("pause", ["agent": a, "reason": "x"]).string("code") == "forbidden")

        // Disconnect: the agent's socket closes with 4001, its session is revoked, the interaction waits again.
        let disconnect = try await supervisor.command("disconnect", ["agent": a])
        #expect(disconnect.object("result").int("requeued") == 1)
        #expect(try await agent.closeCode() == 4001)
        #expect(await server.api(agentSession).get("/api/me").status == 401)
        #expect(try await LiveTestSocket.open(port: server.port, session: agentSession).status == 401)
        let back = try await supervisor.next { m in
            m.string("topic") == "campaign:\(c)" && m.object("data").string("kind") == "queued"
                && m.object("data").object("entry")["requeued"] as? Bool == true
        }
        #expect(back.object("data").object("entry").int("interaction") == i)
        let list = try await server.center.waitingList(for: s.agent.id)
        #expect(list.first?.interaction == interaction)
        #expect(try await server.store.interaction(interaction)?.state == .queued)
        let audit = try await server.store.auditLog().map(\.action)
        #expect(audit.contains("disconnect") && audit.contains("spy") && audit.contains("pause"))
        // Each names where the supervisor's socket came from, as a REST action's line does.
        let pause = try #require(try await server.store.auditLog().first { $0.action == "pause" })
        #expect(pause.address?.contains("127.0.0.1") == true && pause.userAgent == "SwitchboardTests/1" && pause.actorRole == "supervisor")
        await server.remove()
    }

    @Test func resumeReplaysMissedDeltas() async throws {
        let server = try await LiveTestServer.start()
        let s = try await server.scenario()
        let c = s.campaign.rawValue
        let session = await server.login("sam")
        let first = try #require(try await LiveTestSocket.open(port: server.port, session: session).socket)
        #expect(try await first.command("subscribe", ["topic": "campaign:\(c)"]).string("type") == "ack")
        let snapshot = try await first.next("snapshot", topic: "campaign:\(c)")
        let seen = try #require(snapshot.int("seq"))
        try await first.close()

        // Missed while away: three customers queue.
        var missed: [InteractionID] = []
        for n in 0..<3 { missed.append(try await server.customerWrites("hi \(n)", from: "+549115555000\(n)", to: s.campaign)) }
        let second = try #require(try await LiveTestSocket.open(port: server.port, session: session).socket)
        #expect(try await second.command("subscribe", ["topic": "campaign:\(c)", "after": seen]).string("type") == "ack")
        var replayed: [Int64] = []
        var seqs: [Int64] = []
        while replayed.count < 3 {
            let delta = try await second.next("delta", topic: "campaign:\(c)", kind: "queued")
            replayed.append(delta.object("data").object("entry").int("interaction") ?? 0)
            seqs.append(delta.int("seq") ?? 0)
        }
        #expect(replayed == missed.map(\.rawValue))
        #expect(seqs.allSatisfy { $0 > seen })
        #expect(seqs == seqs.sorted())
        await server.remove()
    }
}
