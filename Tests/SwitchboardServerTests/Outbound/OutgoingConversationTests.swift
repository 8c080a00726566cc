import Foundation
import SwitchboardDomain
import SwitchboardServer
import SwitchboardStore
import Testing
import TestSupport

/// Templates, the 24-hour care window and outgoing conversations, end to end: REST for the templates, `/live` for the
/// sends, a loopback provider for the requests. Time moves only through the injected `ManualClock`.
@Suite("Outgoing conversations and templates")
struct OutgoingConversationTests {
    static let cloudAnswer = FakeProvider.Answer.json(200, #"{"messaging_product":"whatsapp","messages":[{"id":"wamid.T1"}]}"#)
    static let classicAnswer = FakeProvider.Answer.json(201, #"{"sid":"SM9","status":"queued"}"#)

    struct Setup {
        let server: LiveTestServer
        let clock: ManualClock
        let rest: APITestClient
        let socket: LiveTestSocket
        let agent: UserRecord
        let campaign: CampaignID
        let template: Int
    }

    /// A provider of `kind`, a campaign with one template (`welcome`, two parameters), the agent logged in on a socket.
    static func setUp(_ provider: FakeProvider, kind: String = "cloud", contentSid: String? = nil) async throws -> Setup {
        let clock = ManualClock()
        let server = try await LiveTestServer.start(clock: clock) { configuration in
            configuration.outbound.sleeper = RecordingSleeper()
            configuration.publicURL = "https://sb.test/"
        }
        _ = try await server.makeUser("root", role: .admin)
        let agent = try await server.makeUser("ana", role: .agent)
        let rest = server.api(await server.login("root"))
        var body: [String: Any] = ["name": "HeyNow", "kind": kind, "baseUrl": provider.baseURL, "numbers": ["+14155550100"]]
        if kind == "cloud" {
            body.merge(["phoneNumberId": "106540352242922", "accessToken": "EAAG-token", "appSecret": "s", "verifyToken": "v"]) { $1 }
        } else {
            body.merge(["accountSid": "AC123", "authToken": "auth-secret"]) { $1 }
        }
        _ = await rest.post("/api/providers", body)
        let created = await rest.post("/api/campaigns", ["name": "Sales", "providerId": 1, "number": "+14155550100"] as [String: Any])
        let campaign = CampaignID(Int64(created.object["id"] as? Int ?? 0))
        _ = await rest.post("/api/campaigns/\(campaign)/members", ["agentId": agent.id.rawValue])
        var template: [String: Any] = ["name": "welcome", "language": "es", "body": "Hola {{1}}, tu pedido {{2}} está listo."]
        if let contentSid { template["contentSid"] = contentSid }
        let made = await rest.post("/api/campaigns/\(campaign)/templates", template)
        #expect(made.status == 201)
        let session = try #require(await server.login("ana"))
        let socket = try #require(try await LiveTestSocket.open(port: server.port, session: session, timeoutMilliseconds: 60_000).socket)
        #expect(try await socket.command("login").string("type") == "ack")
        return Setup(server: server, clock: clock, rest: rest, socket: socket, agent: agent, campaign: campaign,
                     template: made.object["id"] as? Int ?? 0)
    }

    @Test func freeTextOutsideTheCareWindowIsRefusedAndATemplateGoes() async throws {
        let provider = try FakeProvider([Self.cloudAnswer, .json(200, #"{"messaging_product":"whatsapp","messages":[{"id":"wamid.T2"}]}"#)])
        let s = try await Self.setUp(provider)
        // The customer wrote 23 h 59 min ago (the clock goes back for it: moving it 24 h on would end the login).
        let now = s.clock.now()
        s.clock.set(now.adding(seconds: -(24 * 3600 - 60)))
        let interaction = try await s.server.customerWrites("Hola", from: "+5491155550000", to: s.campaign)
        s.clock.set(now)
        let base: [String: Any] = ["interaction": interaction.rawValue, "campaign": s.campaign.rawValue]
        #expect(try await s.socket.command("take", base).string("type") == "ack")

        // Free text still goes.
        var text = base
        text["text"] = "¿Sigues ahí?"
        #expect(try await s.socket.command("send", text).string("type") == "ack")
        // Past 24 h: refused, nothing recorded.
        s.clock.advance(seconds: 120)
        let refused = try await s.socket.command("send", text)
        #expect(refused.string("code") == "outside_care_window")
        await s.server.app.live.outbound.settled()
        #expect(try await s.server.store.transcript(interaction).map(\.body) == ["Hola", "¿Sigues ahí?"])

        // A template goes, filled in; the wrong number of variables is refused first.
        var template = base
        template["template"] = s.template
        template["variables"] = ["Ana"]
        #expect(try await s.socket.command("send", template).string("code") == "invalid_variables")
        template["variables"] = ["Ana", "A-17"]
        #expect(try await s.socket.command("send", template).string("type") == "ack")
        await s.server.app.live.outbound.settled()
        #expect(try await s.server.store.transcript(interaction).last?.body == "Hola Ana, tu pedido A-17 está listo.")
        let request = try #require(provider.received.last)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(request.body.utf8)) as? [String: Any])
        #expect(json["type"] as? String == "template")
        #expect(json["to"] as? String == "5491155550000")
        let sent = json.object("template")
        #expect(sent["name"] as? String == "welcome")
        #expect(sent.object("language")["code"] as? String == "es")
        let components = sent["components"] as? [[String: Any]] ?? []
        #expect(components.first?["type"] as? String == "body")
        let parameters = components.first?["parameters"] as? [[String: Any]] ?? []
        #expect(parameters.map { $0["text"] as? String } == ["Ana", "A-17"])
        #expect(parameters.allSatisfy { $0["type"] as? String == "text" })
        await s.server.remove()
    }

    @Test func anOutgoingConversationIsRecordedHeldByTheAgentAndNotOffered() async throws {
        let provider = try FakeProvider([Self.classicAnswer])
        let s = try await Self.setUp(provider, kind: "classic", contentSid: "HX" + String(repeating: "ab", count: 16))
        var start: [String: Any] = ["campaign": s.campaign.rawValue, "number": "5491155550000", "template": s.template,
                                    "variables": ["Ana", "A-17"]]
        #expect(try await s.socket.command("startOutgoing", start).string("code") == "invalid_number")
        start["number"] = "+5491155550000"
        start["template"] = 999
        #expect(try await s.socket.command("startOutgoing", start).string("code") == "unknown_template")
        start["template"] = s.template
        let answer = try await s.socket.command("startOutgoing", start)
        #expect(answer.string("type") == "ack")
        let view = answer.object("result").object("interaction")
        let id = InteractionID(Int64(view["id"] as? Int ?? 0))
        #expect(view["phase"] as? String == "active")
        await s.server.app.live.outbound.settled()

        let record = try #require(try await s.server.store.interaction(id))
        #expect(record.direction == .outgoing)
        #expect(record.agentID == s.agent.id)
        #expect(record.heyNowNumber == "+5491155550000")
        #expect(try await s.server.store.transcript(id).map(\.body) == ["Hola Ana, tu pedido A-17 está listo."])
        // Twilio's Content API: ContentSid and ContentVariables, no Body.
        let form = try #require(provider.received.first).body
        #expect(form.contains("ContentSid=HX" + String(repeating: "ab", count: 16)))
        #expect(form.contains("ContentVariables=%7B%221%22%3A%22Ana%22%2C%222%22%3A%22A-17%22%7D&"))
        #expect(!form.contains("Body="))
        // Not offered: the campaign's queue figures did not move.
        let figures = await s.server.center.directory.campaign(s.campaign)?.figures()
        #expect(figures?.today.offered == 0)

        // No customer message yet: free text is outside the window until the customer answers.
        let text: [String: Any] = ["interaction": id.rawValue, "campaign": s.campaign.rawValue, "text": "¿Hola?"]
        #expect(try await s.socket.command("send", text).string("code") == "outside_care_window")
        await s.server.remove()
    }

    @Test func aRestartRebuildsAnOutgoingConversationHeldAndNotOffered() async throws {
        let provider = try FakeProvider([Self.cloudAnswer])
        let s = try await Self.setUp(provider)
        let answer = try await s.socket.command("startOutgoing", [
            "campaign": s.campaign.rawValue, "number": "+5491155550000", "template": s.template, "variables": ["Ana", "A-17"],
        ] as [String: Any])
        let id = InteractionID(Int64(answer.object("result").object("interaction")["id"] as? Int ?? 0))
        await s.server.app.live.outbound.settled()
        await s.server.stop()

        let restarted = try await LiveTestServer.start(directory: s.server.directory, clock: s.clock) {
            $0.outbound.sleeper = RecordingSleeper()
        }
        let campaign = try #require(restarted.center.directory.campaign(s.campaign))
        let view = try #require(await campaign.view(of: id))
        #expect(view.phase == .active)
        #expect(view.agent == s.agent.id)
        #expect(view.transcript.map(\.text) == ["Hola Ana, tu pedido A-17 está listo."])
        #expect(await campaign.figures().today.offered == 0)
        await restarted.remove()
    }

    @Test func templatesAreValidatedPerFieldAndBelongToTheirCampaign() async throws {
        let provider = try FakeProvider([])
        let s = try await Self.setUp(provider)
        let path = "/api/campaigns/\(s.campaign)/templates"
        let bad = await s.rest.post(path, ["name": "Welcome Message", "language": "spanish", "body": "Hola {{2}}", "contentSid": "XX1"])
        #expect(bad.status == 422)
        #expect(Set(bad.fields.keys) == ["name", "language", "body", "contentSid"])
        let duplicate = await s.rest.post(path, ["name": "welcome", "language": "es", "body": "Otra"])
        #expect(duplicate.status == 409)
        let list = await s.rest.get(path)
        #expect(list.array.map { $0["name"] as? String } == ["welcome"])
        #expect(list.array.first?["parameterCount"] as? Int == 2)
        let updated = await s.rest.put("\(path)/\(s.template)", ["name": "welcome", "language": "es", "body": "Hola {{1}}"])
        #expect(updated.object["parameterCount"] as? Int == 1)
        #expect(await s.rest.put("/api/campaigns/\(s.campaign)/templates/999", ["name": "x", "language": "es", "body": "y"]).status == 404)
        // The agent reads them; it may not change them.
        let agent = s.server.api(await s.server.login("ana"))
        #expect(await agent.get(path).array.count == 1)
        #expect(await agent.post(path, ["name": "x", "language": "es", "body": "y"]).status == 403)
        #expect(await s.rest.delete("\(path)/\(s.template)").status == 204)
        #expect(await s.rest.get(path).array.isEmpty)
        await s.server.remove()
    }

    @Test func restStartsAnOutgoingConversationForAnAgent() async throws {
        let provider = try FakeProvider([Self.cloudAnswer])
        let s = try await Self.setUp(provider)
        let missing = await s.rest.post("/api/interactions", ["campaignId": s.campaign.rawValue, "number": "+54911"] as [String: Any])
        #expect(missing.status == 422)
        #expect(Set(missing.fields.keys) == ["templateId", "number", "agentId"])
        let started = await s.rest.post("/api/interactions", [
            "campaignId": s.campaign.rawValue, "number": "+5491155550000", "templateId": s.template, "variables": ["Ana", "A-17"],
            "agentId": s.agent.id.rawValue,
        ] as [String: Any])
        #expect(started.status == 201)
        #expect(started.object["address"] as? String == "outgoing")
        #expect(started.object["agentId"] as? Int == Int(s.agent.id.rawValue))
        // The agent's socket holds it: it can send the next template on it.
        let id = started.object["id"] as? Int ?? 0
        let recording = await s.rest.get("/api/recordings/\(id)")
        #expect(recording.object["address"] as? String == "outgoing")
        await s.server.remove()
    }
}
