import Foundation
import SwitchboardDomain
import SwitchboardServer
import SwitchboardStore
import Testing
import TestSupport

/// Agents' messages out to a loopback provider (the network core serving scripted answers) and their delivery
/// states back, end to end: `send` over `/live`, the store's queue, the provider's requests, the inbox's deltas.
/// Waits between attempts are recorded, not slept; `settled()` says when every send has its outcome (no timeouts).
@Suite("Outbound sending")
struct OutboundServiceTests {
    struct Setup {
        let server: LiveTestServer
        let provider: FakeProvider
        let sleeper: RecordingSleeper
        let socket: LiveTestSocket
        let agent: UserRecord
        let campaign: CampaignID
        let interaction: InteractionID
        var base: [String: Any] { ["interaction": interaction.rawValue, "campaign": campaign.rawValue] }
    }

    static let cloudAnswer = FakeProvider.Answer.json(200, #"{"messaging_product":"whatsapp","messages":[{"id":"wamid.OK1"}]}"#)

    /// A provider of `kind` at `provider`'s URL, a campaign, the agent logged in on a socket (its inbox subscribed),
    /// holding a customer's interaction. With `paused`, the sender is stopped before anything is queued.
    static func setUp(_ provider: FakeProvider, kind: String = "cloud", directory: String? = nil, paused: Bool = false) async throws -> Setup {
        let sleeper = RecordingSleeper()
        let server = try await LiveTestServer.start(directory: directory) { configuration in
            configuration.outbound.sleeper = sleeper
            configuration.publicURL = "https://sb.test/"
        }
        if paused { server.app.live.outbound.stop() }
        _ = try await server.makeUser("root", role: .admin)
        let agent = try await server.makeUser("ana", role: .agent)
        let rest = server.api(await server.login("root"))
        var body: [String: Any] = ["name": "HeyNow", "kind": kind, "baseUrl": provider.baseURL, "numbers": ["+14155550100"]]
        if kind == "cloud" {
            body.merge(["phoneNumberId": "106540352242922", "accessToken": "EAAG-token", "appSecret": "s", "verifyToken": "v"]) { $1 }
        } else {
            body.merge(["accountSid": "AC123", "authToken": "auth-secret"]) { $1 }
        }
        let created = await rest.post("/api/providers", body)
        #expect(created.object["id"] as? Int == 1)
        let campaign = await rest.post("/api/campaigns", ["name": "Sales", "providerId": 1, "number": "+14155550100"] as [String: Any])
        let campaignID = CampaignID(Int64(campaign.object["id"] as? Int ?? 0))
        _ = await rest.post("/api/campaigns/\(campaignID)/members", ["agentId": agent.id.rawValue])
        let session = try #require(await server.login("ana"))
        // A full parallel run keeps both cores busy: the provider's answers may take seconds to come back.
        let socket = try #require(try await LiveTestSocket.open(port: server.port, session: session, timeoutMilliseconds: 60_000).socket)
        #expect(try await socket.command("login").string("type") == "ack")
        #expect(try await socket.command("subscribe", ["topic": "inbox:\(agent.id)"]).string("type") == "ack")
        let interaction = try await server.customerWrites("Hola", from: "+5491155550000", to: campaignID)
        #expect(try await socket.command("take", ["interaction": interaction.rawValue, "campaign": campaignID.rawValue]).string("type") == "ack")
        return Setup(server: server, provider: provider, sleeper: sleeper, socket: socket, agent: agent, campaign: campaignID,
                     interaction: interaction)
    }

    /// The next delivery delta on the agent's inbox.
    static func delivery(_ socket: LiveTestSocket, state: String) async throws -> [String: Any] {
        try await socket.next { frame in
            let data = frame["data"] as? [String: Any]
            return frame["type"] as? String == "delta" && data?["kind"] as? String == "delivery" && data?["state"] as? String == state
        }["data"] as? [String: Any] ?? [:]
    }

    @Test func twoServerErrorsThenAcceptedIsOneMessageSentWithOneKey() async throws {
        let provider = try FakeProvider([.json(500, #"{"error":{"message":"Internal","code":1}}"#), .json(503, "{}"), Self.cloudAnswer])
        let s = try await Self.setUp(provider)
        var send = s.base
        send["text"] = "Hola, ¿en qué te ayudo?"
        #expect(try await s.socket.command("send", send).string("type") == "ack")
        let sent = try await Self.delivery(s.socket, state: "sent")
        #expect(sent["index"] as? Int == 1)
        await s.server.app.live.outbound.settled()

        let received = provider.received
        #expect(received.count == 3)
        #expect(Set(received.map { $0.header("Idempotency-Key") }).count == 1)
        #expect(received.allSatisfy { $0.target == "/106540352242922/messages" && $0.header("Authorization") == "Bearer EAAG-token" })
        #expect(received[0].body.contains(#""to":"5491155550000""#))
        #expect(s.sleeper.recorded.count == 2)
        let transcript = try await s.server.store.transcript(s.interaction)
        #expect(transcript.map(\.body) == ["Hola", "Hola, ¿en qué te ayudo?"])
        #expect(transcript[1].delivery == "sent")
        #expect(transcript[1].providerMessageID == "wamid.OK1")
        #expect(try await s.server.store.pendingOutbound(provider: ProviderID(1)).isEmpty)
        let metrics = await s.server.api(nil).get("/metrics").text
        #expect(MetricsText.value(metrics, #"switchboard_outbound_sends_total{provider="1",outcome="retried"}"#) == 2)
        #expect(MetricsText.value(metrics, #"switchboard_outbound_sends_total{provider="1",outcome="sent"}"#) == 1)
        #expect(MetricsText.value(metrics, #"switchboard_outbound_sends_total{provider="1",outcome="refused"}"#) == 0)
        #expect(MetricsText.value(metrics, #"switchboard_outbound_send_seconds_count{provider="1"}"#) == 3)
        await s.server.remove()
    }

    @Test func aClientErrorIsOneAttemptFailedWithTheReasonAndRetrySendQueuesItAgain() async throws {
        let provider = try FakeProvider([
            .json(400, #"{"code":21211,"message":"The 'To' number is not a valid phone number."}"#),
            .json(201, #"{"sid":"SM0123","status":"queued"}"#),
        ])
        let s = try await Self.setUp(provider, kind: "classic")
        var send = s.base
        send["text"] = "Tu pedido salió"
        #expect(try await s.socket.command("send", send).string("type") == "ack")
        let failed = try await Self.delivery(s.socket, state: "failed")
        #expect(failed["error"] as? String == "21211: The 'To' number is not a valid phone number.")
        await s.server.app.live.outbound.settled()
        #expect(provider.received.count == 1)
        #expect(s.sleeper.recorded.isEmpty)
        let first = provider.received[0]
        #expect(first.target == "/2010-04-01/Accounts/AC123/Messages.json")
        #expect(first.body.contains("StatusCallback=https%3A%2F%2Fsb.test%2Fwebhooks%2Fclassic%2F1"))
        #expect(try await s.server.store.transcript(s.interaction)[1].deliveryReason == "21211: The 'To' number is not a valid phone number.")

        // Only a failed message of one's own goes again; it does, under a new key.
        var retry = s.base
        retry["index"] = 0
        #expect(try await s.socket.command("retrySend", retry).string("code") == "unknown_message")
        retry["index"] = 1
        #expect(try await s.socket.command("retrySend", retry).string("type") == "ack")
        _ = try await Self.delivery(s.socket, state: "sent")
        await s.server.app.live.outbound.settled()
        #expect(provider.received.count == 2)
        #expect(provider.received[1].header("Idempotency-Key") != first.header("Idempotency-Key"))
        #expect(try await s.server.store.transcript(s.interaction)[1].delivery == "sent")
        #expect(try await s.socket.command("retrySend", retry).string("code") == "not_failed")
        let metrics = await s.server.api(nil).get("/metrics").text
        #expect(MetricsText.value(metrics, #"switchboard_outbound_sends_total{provider="1",outcome="refused"}"#) == 1)
        #expect(MetricsText.value(metrics, #"switchboard_outbound_sends_total{provider="1",outcome="sent"}"#) == 1)
        #expect(MetricsText.value(metrics, #"switchboard_outbound_sends_total{provider="1",outcome="retried"}"#) == 0)
        await s.server.remove()
    }

    @Test func aRestartResumesPendingMessagesAndNeverResendsAnAcceptedOne() async throws {
        let provider = try FakeProvider([Self.cloudAnswer])
        let s = try await Self.setUp(provider, paused: true)
        for text in ["uno", "dos"] {
            var send = s.base
            send["text"] = text
            #expect(try await s.socket.command("send", send).string("type") == "ack")
        }
        let queued = try await s.server.store.pendingOutbound(provider: ProviderID(1))
        #expect(queued.map(\.body) == ["uno", "dos"])
        // The provider accepted the first before the stop (its answer recorded); the second was still on its way.
        _ = try await s.server.store.outboundAccepted(queued[0].id, providerMessageID: "wamid.BEFORE", at: s.server.clock.now())
        #expect(provider.received.isEmpty)
        await s.server.stop()

        let restarted = try await LiveTestServer.start(directory: s.server.directory) { $0.outbound.sleeper = RecordingSleeper() }
        await restarted.app.live.outbound.settled()
        #expect(provider.received.count == 1)
        #expect(provider.received.first?.header("Idempotency-Key") == queued[1].idempotencyKey)
        #expect(provider.received.first?.body.contains(#""body":"dos""#) == true)
        let transcript = try await restarted.store.transcript(s.interaction)
        #expect(transcript.map(\.delivery) == [nil, "sent", "sent"])
        #expect(transcript.map(\.providerMessageID).dropFirst() == ["wamid.BEFORE", "wamid.OK1"])
        await restarted.remove()
    }
}
