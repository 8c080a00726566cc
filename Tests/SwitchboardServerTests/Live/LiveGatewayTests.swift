import Foundation
import SwitchboardDomain
import SwitchboardServer
import SwitchboardStore
import Testing

/// The gateway's broadcasts as clients receive them: one frame per publication, scoped wallboards.
@Suite("Live gateway")
struct LiveGatewayTests {
    @Test func aSupervisorWallboardShowsOnlyItsCampaigns() async throws {
        let server = try await LiveTestServer.start()
        let s = try await server.scenario()
        let provider = try await server.store.createProvider(ProviderInput(
            name: "Other", baseURL: "https://other.example.test", numbers: ["+14155550199"],
            settings: .classic(accountSID: "AC1", authToken: "secret")), at: SystemWallClock().now())
        let other = try await server.store.createCampaign(
            CampaignSettings(name: "Support", providerID: provider.id, number: "+14155550199"), at: SystemWallClock().now())
        await server.app.live.campaignChanged(other.id)

        let supervisor = try #require(try await LiveTestSocket.open(port: server.port, session: await server.login("sam")).socket)
        let admin = try #require(try await LiveTestSocket.open(port: server.port, session: await server.login("root")).socket)
        for socket in [supervisor, admin] { #expect(try await socket.command("subscribe", ["topic": "wallboard"]).string("type") == "ack") }
        let gateway = server.app.live.gateway
        #expect(gateway.subscriberCount(gateway.topicID(.wallboard)) == 1)   // the administrator
        #expect(gateway.subscriberCount(gateway.wallboardTopic(for: WallboardView(campaigns: [s.campaign], windowMinutes: nil))) == 1)   // the supervisor's scope group
        #expect(gateway.subscriberCount(gateway.topicID(.campaign(other.id))) == 0)
        func campaigns(_ m: [String: Any]) -> Set<Int64> { Set(m.object("data").objects("campaigns").compactMap { $0.int("campaign") }) }
        #expect(campaigns(try await supervisor.next("snapshot", topic: "wallboard")) == [s.campaign.rawValue])
        #expect(campaigns(try await admin.next("snapshot", topic: "wallboard")) == [s.campaign.rawValue, other.id.rawValue])

        // Both campaigns change: the admin's delta lists both, the supervisor's (same seq) only its own.
        _ = try await server.customerWrites("hello", from: "+5491100000001", to: s.campaign)
        _ = try await server.customerWrites("hello", from: "+5491100000002", to: other.id)
        let full = try await admin.next { m in
            m.string("topic") == "wallboard" && m.string("type") == "delta"
                && m.object("data").objects("campaigns").contains { $0.int("campaign") == other.id.rawValue && $0.int("waiting") == 1 }
        }
        let seq = full.int("seq") ?? 0
        // The two writes may land in one flush or two: read the supervisor's deltas up to the same seq.
        // Every one lists only its own campaign, and its campaign's new waiter shows up among them.
        var seen: Set<Int64> = []
        var ownWaiting = false
        while true {
            let delta = try await supervisor.next { m in m.string("topic") == "wallboard" && m.string("type") == "delta" }
            let listed = delta.object("data").objects("campaigns")
            seen.formUnion(listed.compactMap { $0.int("campaign") })
            if listed.contains(where: { $0.int("campaign") == s.campaign.rawValue && $0.int("waiting") == 1 }) { ownWaiting = true }
            if (delta.int("seq") ?? 0) >= seq { break }
        }
        #expect(seen.isSubset(of: [s.campaign.rawValue]))
        #expect(ownWaiting)
        #expect(try await supervisor.command("subscribe", ["topic": "campaign:\(other.id)"]).string("code") == "forbidden")
        await server.remove()
    }

    @Test func aWallboardSubscriptionNamesItsWindowAndMovesWhenItChanges() async throws {
        let server = try await LiveTestServer.start()
        let s = try await server.scenario()
        let supervisor = try #require(try await LiveTestSocket.open(port: server.port, session: await server.login("sam")).socket)
        let gateway = server.app.live.gateway
        func group(_ minutes: Int?) -> Int {
            gateway.subscriberCount(gateway.wallboardTopic(for: WallboardView(campaigns: [s.campaign], windowMinutes: minutes)))
        }
        #expect(try await supervisor.command("subscribe", ["topic": "wallboard", "window": 15]).string("type") == "ack")
        let snapshot = try await supervisor.next("snapshot", topic: "wallboard")
        #expect(snapshot.object("data").objects("campaigns").first?.int("windowMinutes") == 15)
        #expect(group(15) == 1 && group(nil) == 0)

        // Another window: the socket leaves the 15-minute group for the 60-minute one, and its deltas say so.
        #expect(try await supervisor.command("subscribe", ["topic": "wallboard", "window": 60]).string("type") == "ack")
        #expect(group(15) == 0 && group(60) == 1)
        _ = try await server.customerWrites("hello", from: "+5491100000009", to: s.campaign)
        let delta = try await supervisor.next { m in
            m.string("topic") == "wallboard" && m.string("type") == "delta"
                && m.object("data").objects("campaigns").contains { $0.int("waiting") == 1 }
        }
        #expect(delta.object("data").objects("campaigns").first?.int("windowMinutes") == 60)
        #expect(delta.object("data").objects("campaigns").first?.object("window").int("offered") == 1)

        #expect(try await supervisor.command("subscribe", ["topic": "wallboard", "window": 20]).string("code") == "bad_request")
        #expect(try await supervisor.command("unsubscribe", ["topic": "wallboard"]).string("type") == "ack")
        #expect(group(60) == 0)
        await server.remove()
    }

    @Test func theWallboardCarriesTheAgentsInScopeWithTheirStateAndFiguresOfToday() async throws {
        let server = try await LiveTestServer.start()
        let s = try await server.scenario()
        let supervisor = try #require(try await LiveTestSocket.open(port: server.port, session: await server.login("sam")).socket)
        #expect(try await supervisor.command("subscribe", ["topic": "wallboard"]).string("type") == "ack")
        let snapshot = try await supervisor.next("snapshot", topic: "wallboard")
        let ana = s.agent.id.rawValue
        let first = try #require(snapshot.object("data").objects("agents").first { $0.int("agent") == ana })
        #expect(first.string("status") == "offline" && first.ints("campaigns") == [s.campaign.rawValue])
        #expect(first.object("today").int("handled") == 0 && first.int("maximum") == 3)

        // The agent logs in, takes, answers and closes: the grid's row follows without an agent:<id> subscription.
        let agent = try #require(try await LiveTestSocket.open(port: server.port, session: await server.login("ana")).socket)
        #expect(try await agent.command("login").string("type") == "ack")
        _ = try await supervisor.next { m in
            m.string("topic") == "wallboard" && m.object("data").objects("agents").contains { $0.int("agent") == ana && $0.string("status") == "available" }
        }
        let interaction = try await server.customerWrites("Hola", from: "+5491100000004", to: s.campaign)
        let c = s.campaign.rawValue
        #expect(try await agent.command("take", ["interaction": interaction.rawValue, "campaign": c]).string("type") == "ack")
        #expect(try await agent.command("send", ["interaction": interaction.rawValue, "campaign": c, "text": "Hi"]).string("type") == "ack")
        #expect(try await agent.command("close", ["interaction": interaction.rawValue, "campaign": c]).string("type") == "ack")
        let closed = try await supervisor.next { m in
            m.string("topic") == "wallboard" && m.object("data").objects("agents").contains { $0.int("agent") == ana && $0.object("today").int("handled") == 1 }
        }
        let row = try #require(closed.object("data").objects("agents").first { $0.int("agent") == ana })
        #expect(row.int("active") == 0 && row.object("today").double("firstResponse") != nil)
        await server.remove()
    }
}

