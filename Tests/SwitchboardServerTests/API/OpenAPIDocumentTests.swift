import Foundation
import Testing
import SwitchboardDomain
import SwitchboardStore
@testable import SwitchboardServer

@Suite("OpenAPIDocument")
struct OpenAPIDocumentTests {
    static var document: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(OpenAPIDocument.bytes))) as? [String: Any] ?? [:]
    }

    @Test func describesExactlyTheRoutesOfTheProduct() async throws {
        let directory = NSTemporaryDirectory() + "switchboard-openapi-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let store = try await StoreDatabase.open(StoreConfiguration(path: directory + "/db"))
        let clock = SystemWallClock()
        let router = APIRouter.product(store: store, access: AccessDirectory(clock: clock), clock: clock, lifetimeSeconds: 60)
        let routes = Set((router.patterns + WebhookHandler.routes).map { route in
            let path = route.pattern.split(separator: "/").map { $0.first == ":" ? "{\($0.dropFirst())}" : String($0) }
            return "\(route.method.rawValue.lowercased()) /" + path.joined(separator: "/")
        })
        let paths = Self.document["paths"] as? [String: [String: Any]] ?? [:]
        let documented = Set(paths.flatMap { path, item in item.keys.filter { $0 != "parameters" }.map { "\($0) \(path)" } })
        #expect(routes == documented)
        #expect(routes.count == 48)
        await store.close()
        try? FileManager.default.removeItem(atPath: directory)
    }

    @Test func everyReferenceResolvesAndEveryOperationHasAnErrorAnswer() {
        let document = Self.document
        #expect(document["openapi"] as? String == "3.0.3")
        let schemas = (document["components"] as? [String: Any])?["schemas"] as? [String: Any] ?? [:]
        let text = String(decoding: OpenAPIDocument.bytes, as: UTF8.self)
        let references = text.components(separatedBy: "\"$ref\":\"#/components/schemas/").dropFirst().map { $0.prefix { $0 != "\"" } }
        #expect(!references.isEmpty)
        for name in references { #expect(schemas[String(name)] != nil, "missing schema \(name)") }
        let paths = document["paths"] as? [String: [String: Any]] ?? [:]
        for (path, item) in paths {
            for (method, value) in item where method != "parameters" {
                let responses = (value as? [String: Any])?["responses"] as? [String: Any] ?? [:]
                #expect(responses["default"] != nil, "\(method) \(path) has no default answer")
            }
        }
        let operationIDs = Set(paths.values.flatMap { item in
            item.values.compactMap { ($0 as? [String: Any])?["operationId"] as? String }
        })
        let linked = text.components(separatedBy: "\"operationId\":\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        for id in linked { #expect(operationIDs.contains(id), "link to unknown operation \(id)") }
        let scheme = ((document["components"] as? [String: Any])?["securitySchemes"] as? [String: Any])?["cookieAuth"] as? [String: String]
        #expect(scheme == ["type": "apiKey", "in": "cookie", "name": "sb_session"])
    }

    @Test func servedPubliclyAsJSON() async throws {
        let server = try await APITestServer.start()
        let answer = await server.anonymous.get("/api/openapi.json")
        #expect(answer.status == 200)
        #expect(answer.header("Content-Type")?.hasPrefix("application/json") == true)
        #expect(answer.body == OpenAPIDocument.bytes)
        await server.stop()
    }
}
