import Foundation
import Testing
import SwitchboardDomain
import SwitchboardNet
import SwitchboardProviders
@testable import SwitchboardSimulator
import SwitchboardStore
import TestSupport
@testable import SwitchboardServer

/// The media proxy against a scripted provider: Meta's two steps with the bearer token, the cache, who may see it,
/// what is shown inline and what only downloads, and a provider that fails.
@Suite("Media routes")
struct MediaRoutesTests {
    struct Fixture {
        let server: APITestServer
        let admin: APITestClient
        let provider: FakeProvider
        let providerID: Int
    }

    static func fixture(_ script: [FakeProvider.Answer]) async throws -> Fixture {
        let fake = try FakeProvider(script)
        let server = try await APITestServer.start()
        let admin = try await server.client("admin", role: .admin)
        var body = ProviderRoutesTests.cloud
        body["baseUrl"] = fake.baseURL + "/v19.0"
        let provider = await admin.post("/api/providers", body).object["id"] as? Int ?? 0
        _ = await admin.post("/api/campaigns", ["name": "Ventas", "providerId": provider, "number": "+59899000001"] as [String: Any])
        return Fixture(server: server, admin: admin, provider: fake, providerID: provider)
    }

    /// Posts signed cloud messages and returns the stored message ids in order.
    func receive(_ f: Fixture, _ messages: [String]) async throws -> [Int64] {
        let body = WebhookRoutesTests.cloudBody(messages)
        let answer = await f.server.anonymous.request("POST", "/webhooks/cloud/\(f.providerID)", raw: body, headers: [
            (CloudSignature.headerName, CloudSignature.header(body: Array(body.utf8), appSecret: WebhookRoutesTests.appSecret)),
        ])
        #expect(answer.status == 200)
        let interaction = try #require(try await f.server.store.interactions(touchedSince: Timestamp(milliseconds: 0)).first)
        return try await f.server.store.transcript(interaction.id).map(\.id.rawValue)
    }

    static let image = #"{"from":"59891234567","id":"wamid.IMG","timestamp":"1714557600","type":"image","image":{"caption":"Factura","mime_type":"image/jpeg","sha256":"abc","id":"1479537139650973"}}"#
    static let document = #"{"from":"59891234567","id":"wamid.DOC","timestamp":"1714557601","type":"document","document":{"filename":"contrato.pdf","mime_type":"application/pdf","sha256":"x","id":"99"}}"#

    @Test func anImageIsFetchedInMetasTwoStepsWithTheTokenAndThenServedFromTheCache() async throws {
        let f = try await Self.fixture([.json(500, "{}")])
        defer { Task { await f.server.stop() } }
        let ids = try await receive(f, [Self.image, WebhookRoutesTests.text("wamid.TXT", "hola")])
        f.provider.script([
            .json(200, #"{"url":"\#(f.provider.baseURL)/lookaside/attachments/?mid=1479537139650973&ext=1","mime_type":"image/jpeg","id":"1479537139650973","messaging_product":"whatsapp"}"#),
            FakeProvider.Answer(status: 200, body: "JPEGBYTES", headers: [("Content-Type", "image/jpeg")]),
        ])
        let media = await f.admin.get("/api/media/\(ids[0])")
        #expect(media.status == 200)
        #expect(media.text == "JPEGBYTES")
        #expect(media.header("Content-Type") == "image/jpeg")
        #expect(media.header("Content-Disposition") == nil)
        let asked = f.provider.received
        #expect(asked.map(\.target) == ["/v19.0/1479537139650973", "/lookaside/attachments/?mid=1479537139650973&ext=1"])
        #expect(asked.allSatisfy { $0.method == "GET" && $0.header("Authorization") == "Bearer EAAG-secret-token" })

        let again = await f.admin.get("/api/media/\(ids[0])")
        #expect(again.status == 200 && again.text == "JPEGBYTES")
        #expect(f.provider.received.count == 2, "the second view comes from the cache")

        let text = await f.admin.get("/api/media/\(ids[1])")
        #expect(text.status == 404 && (text.object["error"] as? [String: Any])?["code"] as? String == "no_media")
        #expect(await f.admin.get("/api/media/999999").status == 404)
    }

    @Test func onlyWhoSeesTheCampaignGetsItAndADocumentOnlyDownloads() async throws {
        let f = try await Self.fixture([.json(500, "{}")])
        defer { Task { await f.server.stop() } }
        let ids = try await receive(f, [Self.document])
        f.provider.script([
            .json(200, #"{"url":"\#(f.provider.baseURL)/files/99","mime_type":"application/pdf"}"#),
            FakeProvider.Answer(status: 200, body: "<html><script>alert(1)</script>", headers: [("Content-Type", "text/html")]),
        ])
        let outsider = try await f.server.client("ana", role: .agent)
        #expect(await outsider.get("/api/media/\(ids[0])").status == 404)
        let otherSupervisor = try await f.server.client("sam", role: .supervisor)
        #expect(await otherSupervisor.get("/api/media/\(ids[0])").status == 404)
        #expect(await f.server.anonymous.get("/api/media/\(ids[0])").status == 401)
        #expect(f.provider.received.isEmpty, "nothing is fetched for a caller who may not see it")

        let download = await f.admin.get("/api/media/\(ids[0])")
        #expect(download.status == 200)
        #expect(download.header("Content-Type") == "application/octet-stream")
        #expect(download.header("Content-Disposition") == "attachment")
        #expect(download.header("X-Content-Type-Options") == "nosniff")
    }

    @Test func aProviderThatFailsIs502WithTheReasonAndNothingIsCached() async throws {
        let f = try await Self.fixture([.json(500, "{}")])
        defer { Task { await f.server.stop() } }
        let ids = try await receive(f, [Self.image])
        let failed = await f.admin.get("/api/media/\(ids[0])")
        #expect(failed.status == 502)
        #expect((failed.object["error"] as? [String: Any])?["code"] as? String == "media_unavailable")
        f.provider.script([
            .json(200, #"{"url":"\#(f.provider.baseURL)/m/1"}"#),
            FakeProvider.Answer(status: 200, body: "PNG", headers: [("Content-Type", "image/png")]),
        ])
        let later = await f.admin.get("/api/media/\(ids[0])")
        #expect(later.status == 200 && later.text == "PNG" && later.header("Content-Type") == "image/png")
    }

    @Test func theSimulatedProvidersGiveTheirMediaThroughTheProxyBothKinds() async throws {
        let endpoint = NetworkServer(configuration: {
            var configuration = NetworkServerConfiguration()
            configuration.port = 0
            configuration.loopCount = 1
            return configuration
        }(), delegate: ProviderEndpoint(providers: []) { _ in })
        try endpoint.start()
        defer { endpoint.shutdown(graceMilliseconds: 0) }
        let base = "http://127.0.0.1:\(endpoint.port!)"
        let server = try await APITestServer.start()
        defer { Task { await server.stop() } }
        let admin = try await server.client("admin", role: .admin)
        var cloud = ProviderRoutesTests.cloud
        cloud["baseUrl"] = base + "/v19.0"
        let cloudID = await admin.post("/api/providers", cloud).object["id"] as? Int ?? 0
        var classic = ProviderRoutesTests.classic
        classic["baseUrl"] = base
        let classicID = await admin.post("/api/providers", classic).object["id"] as? Int ?? 0
        _ = await admin.post("/api/campaigns", ["name": "Ventas", "providerId": cloudID, "number": "+59899000001"] as [String: Any])
        _ = await admin.post("/api/campaigns", ["name": "Soporte", "providerId": classicID, "number": "+14155550100"] as [String: Any])

        let body = WebhookRoutesTests.cloudBody([
            Self.image.replacingOccurrences(of: "1479537139650973", with: "media-7-1"),
            Self.document.replacingOccurrences(of: #""id":"99""#, with: #""id":"doc-7-2""#),
        ])
        #expect(await server.anonymous.request("POST", "/webhooks/cloud/\(cloudID)", raw: body, headers: [
            (CloudSignature.headerName, CloudSignature.header(body: Array(body.utf8), appSecret: WebhookRoutesTests.appSecret)),
        ]).status == 200)
        let message = PlannedMessage(at: 0, provider: 0, to: "+14155550100", from: "+5491155550001", name: "Ana",
                                     messageID: "SM00000000000000000000000000000001", turn: 1, abandons: false,
                                     content: .image(id: "media-1-1", caption: "Foto"))
        let simulated = SimulatedProvider(kind: .classic, id: Int64(classicID), numbers: ["+14155550100"], secret: "auth-secret-value",
                                          account: "AC0123456789")
        let fields = ClassicWebhookPayload.message(message, provider: simulated, mediaBase: base)
        let path = "/webhooks/classic/\(classicID)"
        let signature = ClassicSignature.header(url: "http://127.0.0.1:\(server.app.port)\(path)", parameters: fields, authToken: "auth-secret-value")
        #expect(await server.anonymous.request("POST", path, raw: String(decoding: ClassicWebhookPayload.encode(fields), as: UTF8.self), headers: [
            (ClassicSignature.headerName, signature), ("Content-Type", "application/x-www-form-urlencoded"),
        ]).status == 200)

        var ids: [Int64] = []
        for record in try await server.store.interactions(touchedSince: Timestamp(milliseconds: 0)).sorted(by: { $0.id.rawValue < $1.id.rawValue }) {
            ids += try await server.store.transcript(record.id).map(\.id.rawValue)
        }
        try #require(ids.count == 3)
        let picture = await admin.get("/api/media/\(ids[0])")
        #expect(picture.status == 200 && picture.header("Content-Type") == "image/png" && picture.body == SimulatedMedia.picture)
        let pdf = await admin.get("/api/media/\(ids[1])")
        #expect(pdf.status == 200 && pdf.header("Content-Disposition") == "attachment" && pdf.body == SimulatedMedia.document)
        let redirected = await admin.get("/api/media/\(ids[2])")
        #expect(redirected.status == 200 && redirected.header("Content-Type") == "image/png" && redirected.body == SimulatedMedia.picture)
        let recording = await admin.get("/api/recordings/\(try await server.store.interactions(touchedSince: Timestamp(milliseconds: 0)).map(\.id.rawValue).min()!)")
        let lines = recording.object["transcript"] as? [[String: Any]] ?? []
        #expect((lines.first?["media"] as? [String: Any])?["type"] as? String == "image")
        #expect(((lines.dropFirst().first?["media"] as? [String: Any])?["fileName"] as? String) == "contrato.pdf")
    }

    @Test func theFetcherSplitsURLsAndTheCacheKeepsToItsBudget() {
        #expect(ProviderMediaFetcher.target(of: "https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1&ext=2") ==
                "/whatsapp_business/attachments/?mid=1&ext=2")
        #expect(ProviderMediaFetcher.target(of: "https://h.example?x=1") == "/?x=1")
        #expect(ProviderMediaFetcher.target(of: "https://h.example") == "/")
        #expect(ProviderMediaFetcher.origin(of: "https://h.example:8443/a?b")?.port == 8443)
        #expect(ProviderMediaFetcher.origin(of: "ftp://h.example/a") == nil)
        let cache = MediaCache(budget: 10)
        cache.keep(.init(contentType: "image/png", body: Array(repeating: 1, count: 6)), of: MessageID(1))
        cache.keep(.init(contentType: "image/png", body: Array(repeating: 2, count: 6)), of: MessageID(2))
        #expect(cache.media(of: MessageID(1)) == nil)
        #expect(cache.media(of: MessageID(2))?.body.count == 6)
        cache.keep(.init(contentType: "image/png", body: Array(repeating: 3, count: 11)), of: MessageID(3))
        #expect(cache.media(of: MessageID(3)) == nil && cache.media(of: MessageID(2)) != nil)
        #expect(MediaRoutes.inlineType("image/svg+xml") == nil && MediaRoutes.inlineType("IMAGE/JPEG; x=1") == "image/jpeg")
    }
}
