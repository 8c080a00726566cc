import Foundation
import SwitchboardDomain
import SwitchboardServer
import SwitchboardStore
import Testing
import TestSupport

/// What the agent's inbox page needs from `/live`, end to end over real sockets: sends resent after a reconnect go
/// out once, close with subject and disposition, the customer's earlier interactions, offers with their deadline.
@Suite("Live inbox commands")
struct LiveInboxCommandsTests {
    /// The scenario's agent, logged in on a socket, holding one interaction of a customer.
    private func agentHolding(_ server: LiveTestServer, from number: String = "+5491155550000")
        async throws -> (scenario: LiveTestServer.Scenario, session: String, socket: LiveTestSocket, interaction: InteractionID) {
        let s = try await server.scenario()
        let session = try #require(await server.login("ana"))
        let socket = try #require(try await LiveTestSocket.open(port: server.port, session: session).socket)
        #expect(try await socket.command("login").string("type") == "ack")
        let interaction = try await server.customerWrites("Hello", from: number, to: s.campaign)
        let taken = try await socket.command("take", ["interaction": interaction.rawValue, "campaign": s.campaign.rawValue])
        #expect(taken.string("type") == "ack")
        return (s, session, socket, interaction)
    }

    @Test func aCustomersPictureReachesTheInboxWithItsMessageIdAndMedia() async throws {
        let server = try await LiveTestServer.start()
        let (s, _, socket, interaction) = try await agentHolding(server)
        let inbox = "inbox:\(s.agent.id.rawValue)"
        #expect(try await socket.command("subscribe", ["topic": inbox]).string("type") == "ack")
        _ = try await socket.next("snapshot", topic: inbox)
        let outcome = try await server.app.live.receive(InboundMessage(
            campaignID: s.campaign, providerID: ProviderID(1), providerMessageID: "wamid.PIC", heyNowNumber: "+5491155550000",
            at: server.clock.now(), body: "🖼 Mi factura",
            content: #"{"caption":"Mi factura","mediaId":"147","mimeType":"image/jpeg","type":"image"}"#))
        #expect(outcome.interactionID == interaction)
        let delta = try await socket.next { frame in
            ((frame["data"] as? [String: Any])?["message"] as? [String: Any])?["text"] as? String == "🖼 Mi factura"
        }
        let message = delta.object("data").object("message")
        let stored = try await server.store.transcript(interaction).last
        #expect(message.int("id") == stored?.id.rawValue)
        #expect(message.object("media") as? [String: String] == ["type": "image", "caption": "Mi factura"])
        await server.remove()
    }

    @Test func aSendResentOnANewSocketOfTheSameSessionGoesOutOnce() async throws {
        let server = try await LiveTestServer.start()
        let (s, session, first, interaction) = try await agentHolding(server)
        let arguments: [String: Any] = ["interaction": interaction.rawValue, "campaign": s.campaign.rawValue, "text": "On its way"]
        #expect(try await first.command("send", id: "page-7", arguments).string("type") == "ack")
        try await first.close()

        // The page reconnected without seeing the ack and sends the same command again: the first answer, no message.
        let second = try #require(try await LiveTestSocket.open(port: server.port, session: session).socket)
        let repeated = try await second.command("send", id: "page-7", arguments)
        #expect(repeated.string("type") == "ack")
        #expect(try await server.store.transcript(interaction).map(\.body) == ["Hello", "On its way"])
        // A failure is answered the same way again; a new id is a new command.
        let badTake = try await second.command("take", id: "page-8", ["interaction": 999, "campaign": s.campaign.rawValue])
        #expect(try await second.command("take", id: "page-8", ["interaction": 999, "campaign": s.campaign.rawValue]) .string("code")
                == badTake.string("code"))
        #expect(try await second.command("send", id: "page-9", arguments).string("type") == "ack")
        #expect(try await server.store.transcript(interaction).map(\.body) == ["Hello", "On its way", "On its way"])

        // Another login of the same agent is another session: its ids are its own.
        let other = try #require(await server.login("ana"))
        let third = try #require(try await LiveTestSocket.open(port: server.port, session: other).socket)
        #expect(try await third.command("send", id: "page-7", arguments).string("type") == "ack")
        #expect(try await server.store.transcript(interaction).count == 4)
        await server.remove()
    }

    @Test func closeStoresSubjectAndDispositionAndRecordingsFindTheSubject() async throws {
        let server = try await LiveTestServer.start()
        let (s, _, socket, interaction) = try await agentHolding(server)
        let base: [String: Any] = ["interaction": interaction.rawValue, "campaign": s.campaign.rawValue]
        var tooLong = base
        tooLong["subject"] = String(repeating: "x", count: 201)
        let refused = try await socket.command("close", tooLong)
        #expect(refused.string("code") == "bad_request")
        #expect(refused.string("message")?.contains("subject") == true)
        var wrongType = base
        wrongType["disposition"] = 3
        #expect(try await socket.command("close", wrongType).string("code") == "bad_request")

        var close = base
        close["subject"] = "  Late delivery refund  "
        close["disposition"] = "Resolved"
        #expect(try await socket.command("close", close).string("type") == "ack")
        let stored = try #require(try await server.store.interaction(interaction))
        #expect(stored.state == .closed)
        #expect(stored.subject == "Late delivery refund")
        #expect(stored.disposition == "Resolved")
        let found = try await server.store.searchRecordings(RecordingQuery(subject: "delivery refund"))
        #expect(found.rows.map(\.id) == [interaction])
        await server.remove()
    }

    @Test func closeWithoutSubjectKeepsTheAutomaticOne() async throws {
        let server = try await LiveTestServer.start()
        let (s, _, socket, interaction) = try await agentHolding(server)
        let close: [String: Any] = ["interaction": interaction.rawValue, "campaign": s.campaign.rawValue, "subject": "   "]
        #expect(try await socket.command("close", close).string("type") == "ack")
        let stored = try #require(try await server.store.interaction(interaction))
        #expect(stored.subject == "Hello")
        #expect(stored.disposition == nil)
        await server.remove()
    }

    @Test func historyListsTheCustomersEarlierInteractionsNewestFirstToItsAgentOnly() async throws {
        let server = try await LiveTestServer.start()
        let (s, _, socket, first) = try await agentHolding(server, from: "+5491100000001")
        let c = s.campaign.rawValue
        #expect(try await socket.command("history", ["interaction": first.rawValue, "campaign": c])
            .object("result").objects("interactions").isEmpty)
        #expect(try await socket.command("send", ["interaction": first.rawValue, "campaign": c, "text": "Hi, how can I help?"])
            .string("type") == "ack")
        #expect(try await socket.command("close", ["interaction": first.rawValue, "campaign": c, "subject": "Greeting",
                                                   "disposition": "Info given"]).string("type") == "ack")
        // Another customer in between, and the first customer twice more.
        _ = try await server.customerWrites("Someone else", from: "+5491100000002", to: s.campaign)
        let second = try await server.customerWrites("Back again", from: "+5491100000001", to: s.campaign)
        #expect(try await socket.command("take", ["interaction": second.rawValue, "campaign": c]).string("type") == "ack")
        #expect(try await socket.command("close", ["interaction": second.rawValue, "campaign": c]).string("type") == "ack")
        let third = try await server.customerWrites("Third time", from: "+5491100000001", to: s.campaign)
        #expect(try await socket.command("take", ["interaction": third.rawValue, "campaign": c]).string("type") == "ack")

        let history = try await socket.command("history", ["interaction": third.rawValue, "campaign": c])
        let past = history.object("result").objects("interactions")
        #expect(past.compactMap { $0.int("id") } == [second.rawValue, first.rawValue])
        #expect(past.last?.string("subject") == "Greeting")
        #expect(past.last?.string("disposition") == "Info given")
        #expect(past.last?.objects("messages").compactMap { $0.string("text") } == ["Hello", "Hi, how can I help?"])
        #expect(past.last?.objects("messages").compactMap { $0.string("author") } == ["customer", "agent"])

        // Only the agent holding the interaction may ask; a supervisor is not an agent here.
        let waiting = try await server.customerWrites("Not taken", from: "+5491100000003", to: s.campaign)
        #expect(try await socket.command("history", ["interaction": waiting.rawValue, "campaign": c]).string("code") == "not_yours")
        let supervisor = try #require(try await LiveTestSocket.open(port: server.port, session: await server.login("sam")).socket)
        #expect(try await supervisor.command("history", ["interaction": third.rawValue, "campaign": c]).string("code") == "forbidden")
        #expect(try await socket.command("history", ["interaction": 424242, "campaign": c]).string("code") == "unknown_interaction")
        await server.remove()
    }

    @Test func anOfferCarriesItsReservationDeadlineFromTheCampaignSetting() async throws {
        let clock = ManualClock(start: Timestamp(milliseconds: 1_767_225_600_000))
        let server = try await LiveTestServer.start(clock: clock)
        let s = try await server.scenario()
        let rest = server.api(await server.login("root"))
        #expect(await rest.put("/api/campaigns/\(s.campaign)", ["reservationSeconds": 0] as [String: Any]).status == 422)
        let changed = await rest.put("/api/campaigns/\(s.campaign)", ["autoAssign": true, "reservationSeconds": 45] as [String: Any])
        #expect(changed.status == 200)
        #expect(changed.object["reservationSeconds"] as? Int == 45)
        let socket = try #require(try await LiveTestSocket.open(port: server.port, session: await server.login("ana")).socket)
        let a = s.agent.id.rawValue
        #expect(try await socket.command("subscribe", ["topic": "inbox:\(a)"]).string("type") == "ack")
        _ = try await socket.next("snapshot", topic: "inbox:\(a)")
        #expect(try await socket.command("login").string("type") == "ack")
        _ = try await server.customerWrites("Anyone there?", from: "+5491155550009", to: s.campaign)
        let offer = try await socket.next("delta", topic: "inbox:\(a)", kind: "interaction")
        let view = offer.object("data").object("interaction")
        #expect(view.string("phase") == "reserved")
        #expect(view.int("reservedUntil") == clock.now().adding(seconds: 45).milliseconds)
        await server.remove()
    }
}
