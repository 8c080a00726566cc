import Foundation
import Testing
import SwitchboardDomain
import SwitchboardStore
@testable import SwitchboardServer

@Suite("Provider routes")
struct ProviderRoutesTests {
    static var cloud: [String: Any] {
        ["name": "Cloud One", "kind": "cloud", "baseUrl": "http://127.0.0.1:9/v19.0", "numbers": ["+59899000001"],
         "phoneNumberId": "1234567890", "accessToken": "EAAG-secret-token", "appSecret": "app-secret-value",
         "verifyToken": "verify-secret-value"]
    }
    static var classic: [String: Any] {
        ["name": "Classic One", "kind": "classic", "baseUrl": "http://127.0.0.1:9", "numbers": ["+14155550100", "+14155550101"],
         "accountSid": "AC0123456789", "authToken": "auth-secret-value"]
    }
    /// The write-only secrets (the verify token is shown to administrators, to paste into the provider's console).
    static let secrets = ["EAAG-secret-token", "app-secret-value", "auth-secret-value"]

    static func noSecret(_ response: APITestResponse) -> Bool {
        !secrets.contains { response.text.contains($0) }
    }

    @Test func createsListsReadsBothKindsWithoutSecrets() async throws {
        let server = try await APITestServer.start()
        let admin = try await server.client("admin", role: .admin)
        let cloud = await admin.post("/api/providers", Self.cloud)
        #expect(cloud.status == 201)
        #expect(Self.noSecret(cloud))
        #expect(cloud.object["accessTokenSet"] as? Bool == true)
        #expect(cloud.object["appSecretSet"] as? Bool == true)
        #expect(cloud.object["verifyTokenSet"] as? Bool == true)
        #expect(cloud.object["verifyToken"] as? String == "verify-secret-value")
        #expect(cloud.object["phoneNumberId"] as? String == "1234567890")
        #expect(cloud.object["authTokenSet"] == nil)
        let classic = await admin.post("/api/providers", Self.classic)
        #expect(classic.status == 201)
        #expect(classic.object["authTokenSet"] as? Bool == true)
        #expect(classic.object["accountSid"] as? String == "AC0123456789")
        #expect(classic.object["numbers"] as? [String] == ["+14155550100", "+14155550101"])
        let list = await admin.get("/api/providers")
        #expect(list.status == 200)
        #expect(list.array.map { $0["name"] as? String } == ["Classic One", "Cloud One"])
        #expect(Self.noSecret(list))
        let id = cloud.object["id"] as? Int ?? 0
        let one = await admin.get("/api/providers/\(id)")
        #expect(one.status == 200)
        #expect(one.object["name"] as? String == "Cloud One")
        #expect(Self.noSecret(one))
        await server.stop()
    }

    @Test func updateKeepsOmittedSecretsAndReplacesGivenOnes() async throws {
        let server = try await APITestServer.start()
        let admin = try await server.client("admin", role: .admin)
        let id = await admin.post("/api/providers", Self.cloud).object["id"] as? Int ?? 0
        var update = Self.cloud
        update["name"] = "Cloud Renamed"
        update["accessToken"] = nil
        update["appSecret"] = nil
        update["verifyToken"] = "new-verify"
        let answer = await admin.put("/api/providers/\(id)", update)
        #expect(answer.status == 200)
        #expect(answer.object["name"] as? String == "Cloud Renamed")
        #expect(answer.object["accessTokenSet"] as? Bool == true)
        #expect(answer.object["verifyToken"] as? String == "new-verify")
        #expect(Self.noSecret(answer))
        let stored = try await server.store.providerCredentials(ProviderID(Int64(id)))
        #expect(stored?.settings == .cloud(phoneNumberID: "1234567890", accessToken: "EAAG-secret-token",
                                           appSecret: "app-secret-value", verifyToken: "new-verify"))
        await server.stop()
    }

    @Test func validationNamesEveryBadField() async throws {
        let server = try await APITestServer.start()
        let admin = try await server.client("admin", role: .admin)
        let empty = await admin.post("/api/providers", [String: Any]())
        #expect(empty.status == 422)
        #expect(Set(empty.fields.keys) == ["name", "kind", "baseUrl", "numbers"])
        let bad = await admin.post("/api/providers", [
            "name": "", "kind": "cloud", "baseUrl": "ftp://x", "numbers": ["abc"], "phoneNumberId": "1", "accessToken": "",
            "authToken": "x",
        ] as [String: Any])
        #expect(bad.status == 422)
        #expect(Set(bad.fields.keys) == ["name", "baseUrl", "numbers.0", "accessToken", "appSecret", "verifyToken", "authToken"])
        let kind = await admin.post("/api/providers", ["name": "x", "kind": "sms", "baseUrl": "https://a.test", "numbers": ["+123456"]])
        #expect(kind.fields["kind"] == "must be cloud or classic")
        let wrongType = await admin.post("/api/providers", ["name": 5] as [String: Any])
        #expect(wrongType.status == 422)
        #expect(wrongType.fields["name"] != nil)
        let notJSON = await admin.request("POST", "/api/providers", raw: "{nope")
        #expect(notJSON.status == 400)
        let id = await admin.post("/api/providers", Self.classic).object["id"] as? Int ?? 0
        var change = Self.cloud
        change["name"] = "Classic One"
        let kindChange = await admin.put("/api/providers/\(id)", change)
        #expect(kindChange.status == 422)
        #expect(kindChange.fields["kind"] != nil)
        let duplicate = await admin.post("/api/providers", Self.classic)
        #expect(duplicate.status == 409)
        await server.stop()
    }

    @Test func unknownAndBadIdsAndRoles() async throws {
        let server = try await APITestServer.start()
        let admin = try await server.client("admin", role: .admin)
        #expect(await admin.get("/api/providers/999").status == 404)
        #expect(await admin.put("/api/providers/999", Self.cloud).status == 404)
        #expect(await admin.delete("/api/providers/999").status == 404)
        #expect(await admin.get("/api/providers/abc").status == 400)
        #expect(await admin.get("/api/providers/0").status == 400)
        #expect(await server.anonymous.get("/api/providers").status == 401)
        let supervisor = try await server.client("sup", role: .supervisor)
        #expect(await supervisor.get("/api/providers").status == 403)
        let agent = try await server.client("agent", role: .agent)
        #expect(await agent.post("/api/providers", Self.cloud).status == 403)
        await server.stop()
    }

    @Test func deleteRefusesWhileCampaignsUseTheProvider() async throws {
        let server = try await APITestServer.start()
        let admin = try await server.client("admin", role: .admin)
        let id = await admin.post("/api/providers", Self.classic).object["id"] as? Int ?? 0
        let campaign = await admin.post("/api/campaigns", ["name": "Sales", "providerId": id, "number": "+14155550100"] as [String: Any])
        #expect(campaign.status == 201)
        let refused = await admin.delete("/api/providers/\(id)")
        #expect(refused.status == 409)
        #expect((refused.object["error"] as? [String: Any])?["message"] as? String == "The provider is used by campaign(s): Sales.")
        var removeNumber = Self.classic
        removeNumber["numbers"] = ["+14155550101"]
        #expect(await admin.put("/api/providers/\(id)", removeNumber).status == 409)
        #expect(await admin.delete("/api/campaigns/\(campaign.object["id"] as? Int ?? 0)").status == 204)
        #expect(await admin.delete("/api/providers/\(id)").status == 204)
        #expect(await admin.get("/api/providers/\(id)").status == 404)
        let audit = try await server.store.auditLog().reversed().filter { !$0.action.hasPrefix("login") }
            .map { "\($0.action) \($0.target ?? "")" }
        #expect(audit == [
            "provider.create provider:\(id)", "campaign.create campaign:\(campaign.object["id"] as? Int ?? 0)",
            "campaign.delete campaign:\(campaign.object["id"] as? Int ?? 0)", "provider.delete provider:\(id)",
        ])
        await server.stop()
    }
}
