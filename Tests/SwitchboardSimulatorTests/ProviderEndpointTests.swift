import Foundation
@testable import SwitchboardNet
import SwitchboardSync
import Testing
@testable import SwitchboardSimulator

@Suite struct ProviderEndpointTests {
    static let providers = [
        SimulatedProvider(kind: .cloud, id: 1, numbers: ["+59899000001"], secret: "s", account: "100200300"),
        SimulatedProvider(kind: .classic, id: 2, numbers: ["+59899000002"], secret: "t", account: "AC42"),
    ]

    static func post(_ path: String, _ body: String, authorized: Bool = true) -> HTTPRequest {
        var headers = HTTPHeaders([("Content-Type", "application/json")])
        if authorized { headers.add("Authorization", "Bearer demo-token") }
        return HTTPRequest(head: HTTPRequestHead(method: .post, target: path, headers: headers), body: Array(body.utf8),
                           connection: ConnectionID(loop: 0, slot: 1, generation: 1), isSecure: false)
    }

    @Test func cloudSendsAreAnsweredLikeMetaWithAWamid() throws {
        let endpoint = ProviderEndpoint(providers: Self.providers) { _ in }
        let body = #"{"messaging_product":"whatsapp","recipient_type":"individual","to":"59891234567","type":"text","text":{"body":"Hola"}}"#
        let answer = endpoint.answer(Self.post("/v19.0/100200300/messages", body))
        #expect(answer.response.status.code == 200)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(answer.response.body)) as? [String: Any])
        let id = try #require((json["messages"] as? [[String: Any]])?.first?["id"] as? String)
        #expect(id.hasPrefix("wamid."))
        #expect(answer.send == OutboundSend(provider: 0, id: id, to: "+59891234567", from: "+59899000001", text: "Hola"))
        // Each send gets its own id.
        let second = endpoint.answer(Self.post("/100200300/messages", body))
        #expect(second.send?.id != id)
    }

    @Test func classicSendsAreAnsweredLikeTwilioWithASid() throws {
        let endpoint = ProviderEndpoint(providers: Self.providers) { _ in }
        let form = "From=whatsapp%3A%2B59899000002&To=whatsapp%3A%2B59891234567&Body=Hello+there&StatusCallback=http%3A%2F%2Fx%2Fwebhooks%2Fclassic%2F2"
        let answer = endpoint.answer(Self.post("/2010-04-01/Accounts/AC42/Messages.json", form))
        #expect(answer.response.status.code == 201)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(answer.response.body)) as? [String: Any])
        let sid = try #require(json["sid"] as? String)
        #expect(sid.hasPrefix("SM") && sid.count == 34)
        #expect(json["status"] as? String == "queued")
        #expect(answer.send == OutboundSend(provider: 1, id: sid, to: "+59891234567", from: "+59899000002", text: "Hello there"))
    }

    @Test func badSendsGetClearErrorsAndAreNotTakenAsSent() {
        let endpoint = ProviderEndpoint(providers: Self.providers) { _ in }
        let cases: [(HTTPRequest, Int)] = [
            (Self.post("/999/messages", #"{"to":"1"}"#), 404),
            (Self.post("/100200300/messages", "not json"), 400),
            (Self.post("/100200300/messages", #"{"to":"1"}"#, authorized: false), 401),
            (Self.post("/2010-04-01/Accounts/ACnope/Messages.json", "To=x&From=y"), 404),
            (Self.post("/2010-04-01/Accounts/AC42/Messages.json", "Body=no+numbers"), 400),
            (Self.post("/elsewhere", ""), 404),
        ]
        for (request, status) in cases {
            let answer = endpoint.answer(request)
            #expect(answer.response.status.code == status, "\(request.head.target)")
            #expect(answer.send == nil)
        }
    }

    @Test func overLoopbackTheSendIsAnsweredThenHandedOn() async throws {
        let sends = Locked<[OutboundSend]>([])
        let endpoint = ProviderEndpoint(providers: Self.providers) { send in sends.withLock { $0.append(send) } }
        var configuration = NetworkServerConfiguration()
        configuration.port = 0
        configuration.loopCount = 1
        let server = NetworkServer(configuration: configuration, delegate: endpoint)
        try server.start()
        defer { server.shutdown(graceMilliseconds: 100) }
        let client = try HTTPClient(baseURL: "http://127.0.0.1:\(try #require(server.port))/cloud")
        let response = try await client.execute(HTTPClientRequest(
            method: "POST", path: "/100200300/messages", headers: [HTTPField("Authorization", "Bearer t"), HTTPField("Content-Type", "application/json")],
            body: Array(#"{"to":"59891234567","type":"text","text":{"body":"Hi"}}"#.utf8)))
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self).contains(#""messages":[{"id":"wamid."#))
        #expect(sends.withLock { $0.map(\.text) } == ["Hi"])
    }
}
