import Foundation
import SwitchboardNet
import SwitchboardProviders
import SwitchboardSync
import Testing
@testable import SwitchboardSimulator

@Suite struct WebhookSenderTests {
    static let cloud = SimulatedProvider(kind: .cloud, id: 4, numbers: ["+59899000001"], secret: "app-secret", account: "100200300")
    static let classic = SimulatedProvider(kind: .classic, id: 5, numbers: ["+59899000002"], secret: "auth-token", account: "AC42")

    static func message(_ content: CustomerContent, provider: Int, id: String) -> PlannedMessage {
        PlannedMessage(at: 0, provider: provider, to: provider == 0 ? "+59899000001" : "+59899000002", from: "+59891234567",
                       name: "Inés", messageID: id, turn: 0, abandons: false, content: content)
    }

    @Test func cloudWebhooksAreMetaShapedAndSignedWithTheAppSecret() throws {
        let sender = try WebhookSender(target: "http://127.0.0.1:8080/", summary: SimulationSummary())
        let request = sender.request(for: Self.message(.location(latitude: -34.9, longitude: -56.2, name: "Salvo", address: "Plaza 1"),
                                                       provider: 0, id: "wamid.A1"), provider: Self.cloud, timestamp: 1_700_000_000)
        #expect(request.method == "POST" && request.path == "/webhooks/cloud/4")
        let signature = request.headers.first { $0.name == CloudSignature.headerName }?.value
        #expect(request.body.withUnsafeBytes { CloudSignature.isValid(header: signature, body: $0, appSecret: "app-secret") })
        #expect(!request.body.withUnsafeBytes { CloudSignature.isValid(header: signature, body: $0, appSecret: "other") })
        let root = try #require(try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any])
        #expect(root["object"] as? String == "whatsapp_business_account")
        let change = try #require(((root["entry"] as? [[String: Any]])?.first?["changes"] as? [[String: Any]])?.first)
        #expect(change["field"] as? String == "messages")
        let value = try #require(change["value"] as? [String: Any])
        let metadata = try #require(value["metadata"] as? [String: Any])
        #expect(metadata["phone_number_id"] as? String == "100200300")
        #expect(metadata["display_phone_number"] as? String == "59899000001")
        let contact = try #require((value["contacts"] as? [[String: Any]])?.first)
        #expect(contact["wa_id"] as? String == "59891234567")
        #expect((contact["profile"] as? [String: Any])?["name"] as? String == "Inés")
        let message = try #require((value["messages"] as? [[String: Any]])?.first)
        #expect(message["id"] as? String == "wamid.A1" && message["type"] as? String == "location")
        #expect(message["timestamp"] as? String == "1700000000")
        #expect((message["location"] as? [String: Any])?["name"] as? String == "Salvo")
    }

    @Test func cloudStatusesCarryTheWamidAndFailuresTheirError() throws {
        let sender = try WebhookSender(target: "http://127.0.0.1:8080", summary: SimulationSummary())
        let request = sender.statusRequest(id: "wamid.OUT1", status: .failed, recipient: "+59891234567", number: "+59899000001",
                                           provider: Self.cloud, timestamp: 1)
        let signature = request.headers.first { $0.name == CloudSignature.headerName }?.value
        #expect(request.body.withUnsafeBytes { CloudSignature.isValid(header: signature, body: $0, appSecret: "app-secret") })
        let text = String(decoding: request.body, as: UTF8.self)
        #expect(text.contains(#""statuses":[{"errors":[{"code":131026"#))
        #expect(text.contains(#""id":"wamid.OUT1""#) && text.contains(#""status":"failed""#) && text.contains(#""recipient_id":"59891234567""#))
    }

    @Test func classicWebhooksAreTwilioFormsSignedOverTheFullURL() throws {
        let sender = try WebhookSender(target: "http://127.0.0.1:8080", summary: SimulationSummary())
        let request = sender.request(for: Self.message(.image(id: "m1", caption: "a photo & more"), provider: 1, id: "SMabc"),
                                     provider: Self.classic, timestamp: 0)
        #expect(request.path == "/webhooks/classic/5")
        #expect(request.headers.contains(HTTPField("Content-Type", "application/x-www-form-urlencoded")))
        let form = FormEncoding.decode(request.body)
        func field(_ name: String) -> String? { form.first { $0.name == name }?.value }
        #expect(field("From") == "whatsapp:+59891234567" && field("To") == "whatsapp:+59899000002")
        #expect(field("MessageSid") == "SMabc" && field("AccountSid") == "AC42" && field("Body") == "a photo & more")
        #expect(field("NumMedia") == "1" && field("MediaContentType0") == "image/jpeg" && field("WaId") == "59891234567")
        let signature = request.headers.first { $0.name == ClassicSignature.headerName }?.value
        #expect(ClassicSignature.isValid(header: signature, url: "http://127.0.0.1:8080/webhooks/classic/5", parameters: form, authToken: "auth-token"))
        #expect(!ClassicSignature.isValid(header: signature, url: "http://127.0.0.1:8081/webhooks/classic/5", parameters: form, authToken: "auth-token"))

        let status = sender.statusRequest(id: "SM9", status: .delivered, recipient: "+59891234567", number: "+59899000002",
                                          provider: Self.classic, timestamp: 0)
        let statusForm = FormEncoding.decode(status.body)
        #expect(statusForm.contains { $0 == ("MessageStatus", "delivered") } && statusForm.contains { $0 == ("MessageSid", "SM9") })
        #expect(ClassicSignature.isValid(header: status.headers.first { $0.name == ClassicSignature.headerName }?.value,
                                         url: "http://127.0.0.1:8080/webhooks/classic/5", parameters: statusForm, authToken: "auth-token"))
    }

    @Test func formEncodingRoundTripsUnicodeAndReservedCharacters() {
        let parameters: SwitchboardSimulator.ClassicWebhookPayload.Parameters = [("Body", "¿Hola? a+b=c & 100% 📍"), ("To", "whatsapp:+1")]
        let decoded = FormEncoding.decode(SwitchboardSimulator.ClassicWebhookPayload.encode(parameters))
        #expect(decoded.map(\.name) == ["Body", "To"] && decoded.map(\.value) == ["¿Hola? a+b=c & 100% 📍", "whatsapp:+1"])
    }

    /// A webhook receiver on the network core that checks signatures as the server does: 200 when valid, 403 not.
    final class Receiver: NetworkServerDelegate {
        let received = Locked<[String]>([])
        let port = Locked(0)

        func handle(_ request: HTTPRequest, responder: HTTPResponder) {
            let valid: Bool
            if request.head.path == WebhookSenderTests.cloud.webhookPath {
                valid = request.body.withUnsafeBytes {
                    CloudSignature.isValid(header: request.head.headers.first(CloudSignature.headerName), body: $0, appSecret: "app-secret")
                }
            } else {
                let url = "http://127.0.0.1:\(port.withLock { $0 })\(request.head.path)"
                valid = ClassicSignature.isValid(header: request.head.headers.first(ClassicSignature.headerName), url: url,
                                                 parameters: FormEncoding.decode(request.body), authToken: "auth-token")
            }
            if valid { received.withLock { $0.append(request.head.path) } }
            responder.respond(.text(status: valid ? .ok : .forbidden, valid ? "ok" : "bad signature"))
        }
        func shouldUpgrade(_ request: HTTPRequest) -> WebSocketUpgradeDecision { .reject(.status(.notFound)) }
        func webSocketDidOpen(_ connection: WebSocketConnection) {}
        func webSocket(_ connection: WebSocketConnection, didReceive message: WebSocketMessage) {}
        func webSocketDidClose(_ connection: WebSocketConnection, code: WebSocketCloseCode) {}
    }

    @Test func sendsOverLoopbackAndCountsAnswersByClass() async throws {
        let receiver = Receiver()
        var configuration = NetworkServerConfiguration()
        configuration.port = 0
        configuration.loopCount = 1
        let server = NetworkServer(configuration: configuration, delegate: receiver)
        try server.start()
        defer { server.shutdown(graceMilliseconds: 100) }
        let port = try #require(server.port)
        receiver.port.withLock { $0 = port }
        let summary = SimulationSummary()
        let sender = try WebhookSender(target: "http://127.0.0.1:\(port)", summary: summary)
        let plan = TrafficPlan.make(seed: 1, profile: TrafficProfile(), bound: .messages(20), providers: [Self.cloud, Self.classic])
        for message in plan {
            let provider = [Self.cloud, Self.classic][message.provider]
            #expect(await sender.send(sender.request(for: message, provider: provider, timestamp: 1)) == 200)
        }
        var forged = Self.classic
        forged.secret = "wrong"
        #expect(await sender.send(sender.request(for: plan[0], provider: forged, timestamp: 1)) == 403)
        let counts = summary.snapshot
        #expect(counts.messagesSent == 21 && counts.answers2xx == 20 && counts.answers4xx == 1)
        #expect(receiver.received.withLock { $0.count } == 20)
    }
}
