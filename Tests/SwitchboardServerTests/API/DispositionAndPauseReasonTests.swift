import Foundation
import Testing
import SwitchboardDomain
import SwitchboardStore
@testable import SwitchboardServer

/// A campaign's dispositions and the center's pause reasons: stored in order, kept on an update that omits them,
/// checked field by field, the pause reasons readable by everyone and changed by administrators only.
@Suite("Dispositions and pause reasons")
struct DispositionAndPauseReasonTests {
    @Test func dispositionsAreStoredInOrderAndKeptWhenOmitted() async throws {
        let (server, admin, provider) = try await CampaignRoutesTests.setUp()
        let created = await admin.post("/api/campaigns", [
            "name": "Sales", "providerId": provider, "number": "+14155550100", "dispositions": ["Sold", "Callback", "No interest"],
        ] as [String: Any])
        #expect(created.status == 201)
        #expect(created.object["dispositions"] as? [String] == ["Sold", "Callback", "No interest"])
        let id = created.object["id"] as? Int ?? 0
        let renamed = await admin.put("/api/campaigns/\(id)", ["name": "Sales 2"])
        #expect(renamed.object["dispositions"] as? [String] == ["Sold", "Callback", "No interest"])
        let reordered = await admin.put("/api/campaigns/\(id)", ["dispositions": ["No interest", "Sold"]])
        #expect(reordered.object["dispositions"] as? [String] == ["No interest", "Sold"])
        let stored = try await server.store.campaign(CampaignID(Int64(id)))
        #expect(stored?.settings.dispositions == ["No interest", "Sold"])
        await server.stop()
    }

    @Test func badDispositionsNameTheirEntryAndChangeNothing() async throws {
        let (server, admin, provider) = try await CampaignRoutesTests.setUp()
        let created = await admin.post("/api/campaigns", [
            "name": "Sales", "providerId": provider, "number": "+14155550100", "dispositions": ["Sold"],
        ] as [String: Any])
        let id = created.object["id"] as? Int ?? 0
        let bad = await admin.put("/api/campaigns/\(id)", ["dispositions": ["Sold", " ", "sold", String(repeating: "x", count: 101)]])
        #expect(bad.status == 422)
        #expect(Set(bad.fields.keys) == ["dispositions.1", "dispositions.2", "dispositions.3"])
        #expect(await admin.get("/api/campaigns/\(id)").object["dispositions"] as? [String] == ["Sold"])
        await server.stop()
    }

    @Test func pauseReasonsAreOneListForTheCenter() async throws {
        let server = try await APITestServer.start()
        let admin = try await server.client("admin", role: .admin)
        let agent = try await server.client("ana", role: .agent)
        #expect(await agent.get("/api/pause-reasons").object["pauseReasons"] as? [String] == [])
        let set = await admin.put("/api/pause-reasons", ["pauseReasons": ["Lunch", "Break", "Training"]])
        #expect(set.status == 200)
        #expect(await agent.get("/api/pause-reasons").object["pauseReasons"] as? [String] == ["Lunch", "Break", "Training"])
        #expect(await agent.put("/api/pause-reasons", ["pauseReasons": ["Nap"]]).status == 403)
        let bad = await admin.put("/api/pause-reasons", ["pauseReasons": ["Lunch", "lunch"]])
        #expect(bad.status == 422)
        #expect(bad.fields["pauseReasons.1"] != nil)
        #expect(try await server.store.pauseReasons() == ["Lunch", "Break", "Training"])
        await server.stop()
    }
}
