import Foundation
import Testing
import SwitchboardNet
import SwitchboardProviders
@testable import SwitchboardServer

@Suite("Request ids")
struct RequestIDTests {
    @Test func aCallersUsableIdIsKeptAndAnythingElseReplaced() {
        var head = HTTPRequestHead(method: .post, target: "/webhooks/cloud/1")
        head.headers.add(RequestID.header, "trace-01:AB.c_d")
        #expect(RequestID(for: head).description == "trace-01:AB.c_d")
        for bad in ["", "has space", "line\nbreak", "quote\"", String(repeating: "a", count: RequestID.maxLength + 1), "ñ"] {
            var head = HTTPRequestHead(method: .post, target: "/")
            head.headers.add(RequestID.header, bad)
            let id = RequestID(for: head).description
            #expect(id != bad)
            #expect(id.count == 16 && id.allSatisfy(\.isHexDigit), "\(id)")
        }
        #expect(RequestID.fresh() != RequestID.fresh())
    }

    @Test func aRefusedWebhookIsLoggedWithItsProviderAddressAndRequestIdAndAnsweredWithTheId() async throws {
        let logs = RecordedLogs()
        let server = try await APITestServer.start(logger: logs.logger)
        defer { Task { await server.stop() } }
        let admin = try await server.client("admin", role: .admin)
        let provider = await admin.post("/api/providers", ProviderRoutesTests.cloud).object["id"] as? Int ?? 0
        _ = await admin.post("/api/campaigns", ["name": "Ventas", "providerId": provider, "number": "+59899000001"] as [String: Any])
        let body = WebhookRoutesTests.cloudBody([WebhookRoutesTests.text("wamid.1", "hola")])
        let answer = await server.anonymous.request("POST", "/webhooks/cloud/\(provider)", raw: body, headers: [
            (CloudSignature.headerName, CloudSignature.header(body: Array(body.utf8), appSecret: "not-the-secret")),
            (RequestID.header, "meta-trace-42"),
        ])
        #expect(answer.status == 403)
        #expect(answer.header(RequestID.header) == "meta-trace-42")
        let line = try #require(logs.all.first { ($0["message"] as? String)?.contains("signature refused") == true })
        #expect(line["level"] as? String == "warning")
        #expect(line["provider_id"] as? String == "\(provider)")
        #expect(line["request_id"] as? String == "meta-trace-42")
        #expect((line["peer"] as? String)?.contains("127.0.0.1") == true)

        let fine = await server.anonymous.request("POST", "/webhooks/cloud/\(provider)", raw: body, headers: [
            (CloudSignature.headerName, CloudSignature.header(body: Array(body.utf8), appSecret: WebhookRoutesTests.appSecret)),
        ])
        #expect(fine.status == 200)
        let fresh = try #require(fine.header(RequestID.header))
        #expect(fresh.count == 16 && fresh != "meta-trace-42")
        let api = await admin.request("GET", "/api/campaigns", headers: [(RequestID.header, "page-7")])
        #expect(api.status == 200 && api.header(RequestID.header) == "page-7")
    }
}
