import Foundation
import Testing
import SwitchboardDomain
import SwitchboardProviders
import SwitchboardStore
@testable import SwitchboardServer

/// The two webhook kinds against a real server: signatures computed as the providers compute them, answers, what
/// the store holds afterwards.
@Suite("Webhook routes")
struct WebhookRoutesTests {
    struct Fixture {
        let server: APITestServer
        let admin: APITestClient
        let cloud: Int
        let classic: Int
        let cloudCampaign: Int
        let classicCampaign: Int
    }

    static let appSecret = "app-secret-value", authToken = "auth-secret-value"

    static func fixture() async throws -> Fixture {
        let server = try await APITestServer.start()
        let admin = try await server.client("admin", role: .admin)
        let cloud = await admin.post("/api/providers", ProviderRoutesTests.cloud).object["id"] as? Int ?? 0
        let classic = await admin.post("/api/providers", ProviderRoutesTests.classic).object["id"] as? Int ?? 0
        let a = await admin.post("/api/campaigns", ["name": "Ventas", "providerId": cloud, "number": "+59899000001"] as [String: Any])
        let b = await admin.post("/api/campaigns", ["name": "Soporte", "providerId": classic, "number": "+14155550100"] as [String: Any])
        return Fixture(server: server, admin: admin, cloud: cloud, classic: classic, cloudCampaign: a.object["id"] as? Int ?? 0,
                       classicCampaign: b.object["id"] as? Int ?? 0)
    }

    /// Meta's shape: one entry, one change, the given messages (JSON objects as text).
    static func cloudBody(_ messages: [String], statuses: [String] = [], extra: String = "") -> String {
        """
        {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{
        "messaging_product":"whatsapp","metadata":{"display_phone_number":"59899000001","phone_number_id":"1234567890"},
        "contacts":[{"profile":{"name":"Ana Cliente"},"wa_id":"59891234567"}],
        "messages":[\(messages.joined(separator: ","))],"statuses":[\(statuses.joined(separator: ","))]\(extra)},"field":"messages"}]}]}
        """
    }

    static func text(_ id: String, _ body: String, from: String = "59891234567") -> String {
        #"{"from":"\#(from)","id":"\#(id)","timestamp":"1714557600","type":"text","text":{"body":"\#(body)"}}"#
    }

    func postCloud(_ f: Fixture, _ body: String, secret: String = appSecret, provider: Int? = nil) async -> APITestResponse {
        let signature = CloudSignature.header(body: Array(body.utf8), appSecret: secret)
        return await f.server.anonymous.request("POST", "/webhooks/cloud/\(provider ?? f.cloud)", raw: body,
                                               headers: [(CloudSignature.headerName, signature)])
    }

    func postClassic(_ f: Fixture, _ fields: [(String, String)], token: String = authToken) async -> APITestResponse {
        let path = "/webhooks/classic/\(f.classic)"
        let url = "http://127.0.0.1:\(f.server.app.port)\(path)"
        let signature = ClassicSignature.header(url: url, parameters: fields.map { (name: $0.0, value: $0.1) }, authToken: token)
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        let body = fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&")
        return await f.server.anonymous.request("POST", path, raw: body,
                                               headers: [(ClassicSignature.headerName, signature),
                                                         ("Content-Type", "application/x-www-form-urlencoded")])
    }

    func transcripts(_ f: Fixture) async throws -> [(SwitchboardStore.InteractionRecord, [MessageRecord])] {
        var result: [(SwitchboardStore.InteractionRecord, [MessageRecord])] = []
        for record in try await f.server.store.interactions(touchedSince: Timestamp(milliseconds: 0)).sorted(by: { $0.id.rawValue < $1.id.rawValue }) {
            result.append((record, try await f.server.store.transcript(record.id)))
        }
        return result
    }

    @Test func cloudSubscriptionVerificationEchoesTheChallengeOnlyForTheVerifyToken() async throws {
        let f = try await Self.fixture()
        defer { Task { await f.server.stop() } }
        let good = await f.server.anonymous.get("/webhooks/cloud/\(f.cloud)?hub.mode=subscribe&hub.verify_token=verify-secret-value&hub.challenge=1158201444")
        #expect(good.status == 200)
        #expect(good.text == "1158201444")
        let bad = await f.server.anonymous.get("/webhooks/cloud/\(f.cloud)?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1")
        #expect(bad.status == 403)
    }

    @Test func aSignedCloudMessageIsCommittedQueuedAndRecordedOnceWhenRepeated() async throws {
        let f = try await Self.fixture()
        defer { Task { await f.server.stop() } }
        let body = Self.cloudBody([Self.text("wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=", "Hola, quiero ayuda")])
        #expect(await postCloud(f, body).status == 200)
        #expect(await postCloud(f, body).status == 200)   // the provider's retry
        let all = try await transcripts(f)
        #expect(all.count == 1)
        #expect(all.first?.0.heyNowNumber == "+59891234567")
        #expect(all.first?.0.state == .queued)
        #expect(all.first?.1.map(\.body) == ["Hola, quiero ayuda"])
        #expect(all.first?.1.first?.content?.contains("Ana Cliente") == true)
    }

    @Test func aRecordedWebhookIsTimedAndItsCommitsCountedBySize() async throws {
        let f = try await Self.fixture()
        defer { Task { await f.server.stop() } }
        let cloud = #"switchboard_webhook_latency_seconds_count{kind="cloud"}"#
        let slowest = #"switchboard_webhook_latency_seconds_bucket{kind="cloud",le="+Inf"}"#
        let batches = "switchboard_store_commit_batch_size_count", requests = "switchboard_store_commit_batch_size_sum"
        let before = await f.server.anonymous.get("/metrics").text
        #expect(MetricsText.value(before, cloud) == 0)
        #expect(await postCloud(f, Self.cloudBody([Self.text("wamid.timed", "hola")]), secret: "wrong").status == 403)
        #expect(await postCloud(f, Self.cloudBody([Self.text("wamid.timed", "hola")])).status == 200)
        let after = await f.server.anonymous.get("/metrics").text
        #expect(MetricsText.value(after, cloud) == 1)   // the refused one is not timed
        #expect(MetricsText.value(after, slowest) == 1)
        #expect(MetricsText.value(after, #"switchboard_webhook_latency_seconds_count{kind="classic"}"#) == 0)
        // The message's commit (at least one request) is in the batch sizes.
        let commits = try #require(MetricsText.value(after, batches)), committed = try #require(MetricsText.value(after, requests))
        #expect(commits > MetricsText.value(before, batches) ?? 0)
        #expect(committed >= (MetricsText.value(before, requests) ?? 0) + 1)
    }

    @Test func severalMessagesOfEveryTypeGetAReadableTextAndTheirFields() async throws {
        let f = try await Self.fixture()
        defer { Task { await f.server.stop() } }
        let body = Self.cloudBody([
            #"{"from":"59891234567","id":"wamid.1","timestamp":"1714557600","type":"image","image":{"caption":"Mi factura","mime_type":"image/jpeg","sha256":"abc","id":"1479537139650973"}}"#,
            #"{"from":"59891234567","id":"wamid.2","timestamp":"1714557601","type":"location","location":{"latitude":-34.9011,"longitude":-56.1645,"name":"Oficina","address":"18 de Julio 1234"}}"#,
            #"{"from":"59891234567","id":"wamid.3","timestamp":"1714557602","type":"document","document":{"filename":"contrato.pdf","mime_type":"application/pdf","sha256":"x","id":"99"}}"#,
            #"{"from":"59891234567","id":"wamid.4","timestamp":"1714557603","type":"reaction","reaction":{"message_id":"wamid.1","emoji":"👍"}}"#,
            #"{"from":"59891234567","id":"wamid.5","timestamp":"1714557604","type":"interactive","interactive":{"type":"button_reply","button_reply":{"id":"yes","title":"Sí, gracias"}}}"#,
            #"{"from":"59891234567","id":"wamid.6","timestamp":"1714557605","type":"contacts","contacts":[{"name":{"formatted_name":"Juan Pérez","first_name":"Juan"},"phones":[{"phone":"+598 99 111 222","type":"CELL"}]}]}"#,
        ])
        #expect(await postCloud(f, body).status == 200)
        let lines = try await transcripts(f).first?.1 ?? []
        #expect(lines.map(\.body) == ["🖼 Mi factura", "📍 Oficina, 18 de Julio 1234 (-34.90110, -56.16450)", "📄 contrato.pdf",
                                      "👍 (reaction)", "Sí, gracias", "👤 Juan Pérez (+598 99 111 222)"])
        #expect(lines[0].content?.contains(#""mediaId":"1479537139650973""#) == true)
        #expect(lines[3].content?.contains(#""reactsTo":"wamid.1""#) == true)
    }

    @Test func badInputsAreRefusedWithTheirCodesAndNothingIsRecorded() async throws {
        let f = try await Self.fixture()
        defer { Task { await f.server.stop() } }
        let body = Self.cloudBody([Self.text("wamid.x", "hola")])
        #expect(await postCloud(f, body, secret: "wrong").status == 403)
        let unsigned = await f.server.anonymous.request("POST", "/webhooks/cloud/\(f.cloud)", raw: body)
        #expect(unsigned.status == 403)
        let notJSON = await postCloud(f, "{\"object\":")
        #expect(notJSON.status == 400)
        #expect(notJSON.text.contains("not JSON"))
        #expect(await postCloud(f, #"{"object":"page","entry":[]}"#).status == 400)
        #expect(await postCloud(f, body, provider: 999).status == 404)
        #expect(await postCloud(f, body.replacingOccurrences(of: "59899000001", with: "59899000777")).status == 404)
        #expect(await f.server.anonymous.request("POST", "/webhooks/sms/\(f.cloud)", raw: body).status == 404)
        #expect(await postClassic(f, [("MessageSid", "SM1"), ("From", "whatsapp:+5491100000000"), ("To", "whatsapp:+14155550100"),
                                      ("Body", "x")], token: "wrong").status == 403)
        #expect(try await transcripts(f).isEmpty)
    }

    @Test func aClassicMessageWithMediaAndLocationIsRecorded() async throws {
        let f = try await Self.fixture()
        defer { Task { await f.server.stop() } }
        let answer = await postClassic(f, [
            ("SmsMessageSid", "SM0001"), ("NumMedia", "1"), ("ProfileName", "Bruno"), ("SmsSid", "SM0001"), ("WaId", "5491155550000"),
            ("SmsStatus", "received"), ("Body", "mi comprobante"), ("To", "whatsapp:+14155550100"), ("NumSegments", "1"),
            ("MessageSid", "SM0001"), ("AccountSid", "AC0123456789"), ("From", "whatsapp:+5491155550000"),
            ("MediaContentType0", "image/jpeg"), ("MediaUrl0", "https://api.example.test/2010-04-01/Accounts/AC0123456789/Messages/SM0001/Media/ME1"),
            ("ApiVersion", "2010-04-01")])
        #expect(answer.status == 200)
        #expect(await postClassic(f, [("MessageSid", "SM0002"), ("From", "whatsapp:+5491155550000"), ("To", "whatsapp:+14155550100"),
                                      ("Latitude", "-34.6037"), ("Longitude", "-58.3816"), ("Body", "")]).status == 200)
        let all = try await transcripts(f)
        #expect(all.count == 1)
        #expect(all.first?.1.map(\.body) == ["🖼 mi comprobante", "📍 (-34.60370, -58.38160)"])
        #expect(all.first?.1.first?.content?.contains("Media/ME1") == true)
    }

    @Test func aDisabledCampaignKeepsWhatTheCustomerWroteAsARefusedInteraction() async throws {
        let f = try await Self.fixture()
        defer { Task { await f.server.stop() } }
        let off = await f.admin.put("/api/campaigns/\(f.cloudCampaign)", ["enabled": false])
        #expect(off.status == 200)
        // No webhook came before: the first one reads the configuration as it is now.
        #expect(await postCloud(f, Self.cloudBody([Self.text("wamid.off", "¿Hay alguien?")])).status == 200)
        let all = try await transcripts(f)
        #expect(all.count == 1)
        #expect(all.first?.0.state == .closed)
        #expect(all.first?.0.disposition == "refused")
        #expect(all.first?.1.map(\.body) == ["¿Hay alguien?"])
    }

    @Test func aHandedOverConversationKeepsTheBotsPartFirst() async throws {
        let f = try await Self.fixture()
        defer { Task { await f.server.stop() } }
        let bot = #","bot_transcript":[{"from":"customer","text":"hola","timestamp":"1714557000"},{"from":"bot","text":"¿En qué te ayudo?","timestamp":"1714557001"}]"#
        #expect(await postCloud(f, Self.cloudBody([Self.text("wamid.h", "quiero un agente")], extra: bot)).status == 200)
        let lines = try await transcripts(f).first?.1 ?? []
        #expect(lines.map(\.body) == ["hola", "¿En qué te ayudo?", "quiero un agente"])
        #expect(lines.map(\.sender) == [.customer, .system, .customer])
        #expect(lines[1].content?.contains(#""author":"bot""#) == true)
    }

    @Test func aBodyOverTheLimitIs413() async throws {
        let f = try await Self.fixture()
        defer { Task { await f.server.stop() } }
        let big = Self.cloudBody([Self.text("wamid.big", String(repeating: "a", count: 1 << 20))])
        let answer = await postCloud(f, big)
        #expect(answer.status == 413)
    }
}
