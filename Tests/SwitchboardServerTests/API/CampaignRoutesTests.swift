import Foundation
import Testing
import SwitchboardDomain
import SwitchboardStore
@testable import SwitchboardServer

@Suite("Campaign routes")
struct CampaignRoutesTests {
    /// A server with an administrator client and one classic provider owning +14155550100 and +14155550101.
    static func setUp() async throws -> (APITestServer, APITestClient, Int) {
        let server = try await APITestServer.start()
        let admin = try await server.client("admin", role: .admin)
        let provider = await admin.post("/api/providers", ProviderRoutesTests.classic)
        return (server, admin, provider.object["id"] as? Int ?? 0)
    }

    @Test func createAppliesMetricsDefaults() async throws {
        let (server, admin, provider) = try await Self.setUp()
        let created = await admin.post("/api/campaigns", ["name": "Sales", "providerId": provider, "number": "+14155550100"] as [String: Any])
        #expect(created.status == 201)
        let c = created.object
        #expect(c["maxInteractionsPerAgent"] as? Int == 3)
        #expect(c["serviceLevelSeconds"] as? Int == 60)
        #expect(c["serviceLevelTarget"] as? Int == 80)
        #expect(c["shortAbandonSeconds"] as? Int == 10)
        #expect(c["maxQueueSeconds"] as? Int == 600)
        #expect(c["autoAssign"] as? Bool == false)
        #expect(c["enabled"] as? Bool == true)
        #expect(c["timeZone"] as? String == "UTC")
        #expect((c["thresholds"] as? [String: Any])?.isEmpty == true)
        #expect((c["cannedResponses"] as? [Any])?.isEmpty == true)
        await server.stop()
    }

    @Test func createAndUpdateAdvancedSettings() async throws {
        let (server, admin, provider) = try await Self.setUp()
        let body: [String: Any] = [
            "name": "Support", "providerId": provider, "number": "+14155550101", "maxInteractionsPerAgent": 5,
            "thresholds": ["longestWaitWarning": 30, "longestWaitCritical": 60, "serviceLevelFloor": 70],
            "cannedResponses": [["title": "Hi", "body": "Hello,\nhow can I help?"]], "enabled": false,
            "timeZone": "America/Montevideo", "serviceLevelSeconds": 20, "serviceLevelTarget": 90, "shortAbandonSeconds": 5,
            "maxQueueSeconds": 300, "autoAssign": true,
        ]
        let created = await admin.post("/api/campaigns", body)
        #expect(created.status == 201)
        let id = created.object["id"] as? Int ?? 0
        let read = await admin.get("/api/campaigns/\(id)")
        #expect(read.object["timeZone"] as? String == "America/Montevideo")
        #expect((read.object["thresholds"] as? [String: Int]) == ["longestWaitWarning": 30, "longestWaitCritical": 60, "serviceLevelFloor": 70])
        #expect((read.object["cannedResponses"] as? [[String: String]]) == [["title": "Hi", "body": "Hello,\nhow can I help?"]])
        #expect(read.object["autoAssign"] as? Bool == true)
        let updated = await admin.put("/api/campaigns/\(id)", ["maxInteractionsPerAgent": 2, "thresholds": ["asaWarning": 15]] as [String: Any])
        #expect(updated.status == 200)
        #expect(updated.object["maxInteractionsPerAgent"] as? Int == 2)
        #expect(updated.object["serviceLevelSeconds"] as? Int == 20)
        #expect((updated.object["thresholds"] as? [String: Int]) == ["asaWarning": 15])
        #expect((updated.object["cannedResponses"] as? [Any])?.count == 1)
        let canned = await admin.put("/api/campaigns/\(id)/canned-responses",
                                     ["cannedResponses": [["title": "A", "body": "a"], ["title": "B", "body": "b"]]])
        #expect(canned.status == 200)
        #expect((canned.object["cannedResponses"] as? [[String: String]])?.map { $0["title"] } == ["A", "B"])
        let badCanned = await admin.put("/api/campaigns/\(id)/canned-responses", ["cannedResponses": [["title": "", "body": "x"]]])
        #expect(badCanned.status == 422)
        #expect(badCanned.fields.keys.contains("cannedResponses.0.title"))
        await server.stop()
    }

    @Test func validationNamesEveryBadField() async throws {
        let (server, admin, provider) = try await Self.setUp()
        let missing = await admin.post("/api/campaigns", [String: Any]())
        #expect(missing.status == 422)
        #expect(Set(missing.fields.keys) == ["name", "providerId", "number"])
        let bad = await admin.post("/api/campaigns", [
            "name": "X", "providerId": provider, "number": "+14155550100", "maxInteractionsPerAgent": 0, "timeZone": "Mars/Olympus",
            "serviceLevelTarget": 101, "maxQueueSeconds": 0, "shortAbandonSeconds": -1,
            "thresholds": ["ahtWarning": 100, "ahtCritical": 50],
        ] as [String: Any])
        #expect(bad.status == 422)
        #expect(Set(bad.fields.keys) == ["maxInteractionsPerAgent", "timeZone", "serviceLevelTarget", "maxQueueSeconds",
                                         "shortAbandonSeconds", "thresholds.ahtCritical"])
        let traversal = await admin.post("/api/campaigns", ["name": "X", "providerId": provider, "number": "+14155550100",
                                                            "timeZone": "../../etc/passwd"] as [String: Any])
        #expect(traversal.fields["timeZone"] != nil)
        let noProvider = await admin.post("/api/campaigns", ["name": "X", "providerId": 999, "number": "+14155550100"] as [String: Any])
        #expect(noProvider.status == 422)
        #expect(noProvider.fields["providerId"] != nil)
        let foreignNumber = await admin.post("/api/campaigns", ["name": "X", "providerId": provider, "number": "+19999999"] as [String: Any])
        #expect(foreignNumber.status == 422)
        #expect(foreignNumber.fields["number"] != nil)
        #expect(await admin.post("/api/campaigns", ["name": "A", "providerId": provider, "number": "+14155550100"] as [String: Any]).status == 201)
        let sameName = await admin.post("/api/campaigns", ["name": "A", "providerId": provider, "number": "+14155550101"] as [String: Any])
        #expect(sameName.status == 409)
        let sameNumber = await admin.post("/api/campaigns", ["name": "B", "providerId": provider, "number": "+14155550100"] as [String: Any])
        #expect(sameNumber.status == 409)
        await server.stop()
    }

    @Test func visibilityByRole() async throws {
        let (server, admin, provider) = try await Self.setUp()
        let a = await admin.post("/api/campaigns", ["name": "A", "providerId": provider, "number": "+14155550100"] as [String: Any])
        let b = await admin.post("/api/campaigns", ["name": "B", "providerId": provider, "number": "+14155550101"] as [String: Any])
        let aID = a.object["id"] as? Int ?? 0
        let bID = b.object["id"] as? Int ?? 0
        let supervisor = try await server.client("sup", role: .supervisor, scopes: [CampaignID(Int64(bID))])
        let agentUser = try await server.makeUser("agent", role: .agent)
        let agent = await server.login("agent")
        #expect(await admin.post("/api/campaigns/\(aID)/members", ["agentId": agentUser.id.rawValue]).status == 201)
        #expect(await admin.get("/api/campaigns").array.count == 2)
        #expect(await supervisor.get("/api/campaigns").array.map { $0["name"] as? String } == ["B"])
        #expect(await agent.get("/api/campaigns").array.map { $0["name"] as? String } == ["A"])
        #expect(await supervisor.get("/api/campaigns/\(aID)").status == 404)
        #expect(await supervisor.get("/api/campaigns/\(bID)").status == 200)
        #expect(await agent.get("/api/campaigns/\(aID)").status == 200)
        #expect(await agent.get("/api/campaigns/\(aID)/members").status == 403)
        #expect(await supervisor.put("/api/campaigns/\(bID)", ["name": "Z"]).status == 403)
        #expect(await supervisor.delete("/api/campaigns/\(bID)").status == 403)
        #expect(await server.anonymous.get("/api/campaigns").status == 401)
        #expect(await admin.get("/api/campaigns/x").status == 400)
        #expect(await admin.get("/api/campaigns/12345").status == 404)
        await server.stop()
    }

    @Test func membersMustBeAgents() async throws {
        let (server, admin, provider) = try await Self.setUp()
        let id = await admin.post("/api/campaigns", ["name": "A", "providerId": provider, "number": "+14155550100"] as [String: Any])
            .object["id"] as? Int ?? 0
        let agent = try await server.makeUser("agent", role: .agent)
        let supervisor = try await server.makeUser("sup", role: .supervisor, scopes: [CampaignID(Int64(id))])
        let added = await admin.post("/api/campaigns/\(id)/members", ["agentId": agent.id.rawValue])
        #expect(added.status == 201)
        #expect(added.array.map { $0["username"] as? String } == ["agent"])
        #expect(await admin.post("/api/campaigns/\(id)/members", ["agentId": agent.id.rawValue]).status == 200)
        let notAgent = await admin.post("/api/campaigns/\(id)/members", ["agentId": supervisor.id.rawValue])
        #expect(notAgent.status == 422)
        #expect(notAgent.fields["agentId"] == "must be a user with the agent role")
        #expect(await admin.post("/api/campaigns/\(id)/members", ["agentId": 999]).status == 422)
        #expect(await admin.post("/api/campaigns/\(id)/members", ["agentId": "x"]).status == 422)
        #expect(await admin.post("/api/campaigns/999/members", ["agentId": agent.id.rawValue]).status == 404)
        let supervisorClient = await server.login("sup")
        #expect(await supervisorClient.get("/api/campaigns/\(id)/members").array.count == 1)
        #expect(await admin.delete("/api/campaigns/\(id)/members/\(agent.id.rawValue)").status == 204)
        #expect(await admin.delete("/api/campaigns/\(id)/members/\(agent.id.rawValue)").status == 404)
        #expect(await admin.get("/api/campaigns/\(id)/members").array.isEmpty)
        await server.stop()
    }

    @Test func deleteRefusesCampaignsWithRecordings() async throws {
        let (server, admin, provider) = try await Self.setUp()
        let id = await admin.post("/api/campaigns", ["name": "A", "providerId": provider, "number": "+14155550100"] as [String: Any])
            .object["id"] as? Int ?? 0
        _ = try await server.store.startInteraction(NewInteraction(
            campaignID: CampaignID(Int64(id)), providerID: nil, heyNowNumber: "+598991", direction: .incoming,
            enqueuedAt: Timestamp(milliseconds: 1_700_000_000_000)))
        let refused = await admin.delete("/api/campaigns/\(id)")
        #expect(refused.status == 409)
        #expect(refused.text.contains("disable it instead"))
        let disabled = await admin.put("/api/campaigns/\(id)", ["enabled": false])
        #expect(disabled.object["enabled"] as? Bool == false)
        let empty = await admin.post("/api/campaigns", ["name": "B", "providerId": provider, "number": "+14155550101"] as [String: Any])
        let emptyID = empty.object["id"] as? Int ?? 0
        let supervisor = try await server.client("sup", role: .supervisor, scopes: [CampaignID(Int64(emptyID))])
        #expect(await supervisor.get("/api/campaigns/\(emptyID)").status == 200)
        #expect(await admin.delete("/api/campaigns/\(emptyID)").status == 204)
        #expect(await supervisor.get("/api/me").object["supervisorScopes"] as? [Int] == [])
        await server.stop()
    }
}
