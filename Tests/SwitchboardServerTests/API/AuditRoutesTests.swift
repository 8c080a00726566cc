import Foundation
import Testing
import SwitchboardDomain
import SwitchboardStore
@testable import SwitchboardServer

@Suite("Audit routes")
struct AuditRoutesTests {
    /// 2024-05-01T10:00:00Z.
    static let t0: Int64 = 1_714_557_600_000

    struct Fixture {
        let server: APITestServer
        let admin: APITestClient
        let campaignA: Int
        let inScope: UserRecord
        let outOfScope: UserRecord
    }

    /// Campaign A with agent `ana` as member, agent `beto` in no campaign; three supervisor actions and a login.
    static func fixture() async throws -> Fixture {
        let (server, admin, provider) = try await CampaignRoutesTests.setUp()
        let a = await admin.post("/api/campaigns", ["name": "Alpha", "providerId": provider, "number": "+14155550100"] as [String: Any])
        let campaignA = a.object["id"] as? Int ?? 0
        let ana = try await server.makeUser("ana", role: .agent)
        let beto = try await server.makeUser("beto", role: .agent)
        #expect(await admin.post("/api/campaigns/\(campaignA)/members", ["agentId": ana.id.rawValue]).status == 201)
        let boss = try await server.makeUser("boss", role: .supervisor)
        func add(_ at: Int64, _ action: String, _ target: String, detail: String? = nil) async throws {
            _ = try await server.store.appendAudit(AuditEntry(
                at: Timestamp(milliseconds: at), actorID: boss.id, action: action, target: target, detail: detail, actorRole: "supervisor"))
        }
        try await add(t0, "agent.pause", "agent:\(ana.id.rawValue)", detail: "=cmd|' /C calc'!A0")
        try await add(t0 + 1000, "agent.spy.start", "agent:\(ana.id.rawValue) interaction:7")
        try await add(t0 + 2000, "agent.pause", "agent:\(beto.id.rawValue)")
        try await add(t0 + 86_400_000, "campaign.update", "campaign:\(campaignA)")
        return Fixture(server: server, admin: admin, campaignA: campaignA, inScope: ana, outOfScope: beto)
    }

    static func actions(_ response: APITestResponse) -> [String] {
        (response.object["items"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
    }

    @Test func adminsSearchEveryEntryNewestFirst() async throws {
        let f = try await Self.fixture()
        let window = "from=2024-05-01&to=2024-05-02"
        let all = await f.admin.get("/api/audit?\(window)")
        #expect(all.status == 200)
        #expect(Self.actions(all) == ["campaign.update", "agent.pause", "agent.spy.start", "agent.pause"])
        #expect(all.object["total"] as? Int == 4)
        let first = (all.object["items"] as? [[String: Any]])?.last ?? [:]
        #expect(first["actorName"] as? String == "Boss")
        #expect(first["actorRole"] as? String == "supervisor")
        #expect(first["at"] as? Int == Int(Self.t0))
        #expect(Self.actions(await f.admin.get("/api/audit?\(window)&action=agent.pause")) == ["agent.pause", "agent.pause"])
        #expect(Self.actions(await f.admin.get("/api/audit?\(window)&action=agent.")).count == 3)
        #expect(Self.actions(await f.admin.get("/api/audit?\(window)&target=agent:\(f.inScope.id.rawValue)"))
            == ["agent.spy.start", "agent.pause"])
        #expect(Self.actions(await f.admin.get("/api/audit?from=2024-05-01&to=2024-05-01")).count == 3)
        let page = await f.admin.get("/api/audit?\(window)&page=2&pageSize=3")
        #expect(Self.actions(page) == ["agent.pause"])
        #expect(page.object["total"] as? Int == 4)
        let bad = await f.admin.get("/api/audit?from=soon&user=x&page=0&pageSize=999")
        #expect(bad.status == 422)
        #expect(Set(bad.fields.keys) == ["from", "user", "page", "pageSize"])
        await f.server.stop()
    }

    @Test func supervisorsSeeOnlyTheirAgents() async throws {
        let f = try await Self.fixture()
        let sup = try await f.server.client("sup", role: .supervisor, scopes: [CampaignID(Int64(f.campaignA))])
        let seen = await sup.get("/api/audit?from=2024-05-01&to=2024-05-02")
        #expect(seen.status == 200)
        #expect(Self.actions(seen) == ["agent.spy.start", "agent.pause"])
        // Guessing the other agent's target finds nothing.
        #expect(Self.actions(await sup.get("/api/audit?target=agent:\(f.outOfScope.id.rawValue)")).isEmpty)
        let csv = await sup.get("/api/audit.csv?from=2024-05-01&to=2024-05-02")
        #expect(csv.text.split(separator: "\r\n").count == 3)
        let unscoped = try await f.server.client("sup2", role: .supervisor)
        #expect(Self.actions(await unscoped.get("/api/audit")).isEmpty)
        let agent = await f.server.login("ana")
        #expect(await agent.get("/api/audit").status == 403)
        #expect(await agent.get("/api/audit.csv").status == 403)
        #expect(await f.server.anonymous.get("/api/audit").status == 401)
        await f.server.stop()
    }

    @Test func csvIsNeutralisedAndStreamed() async throws {
        let f = try await Self.fixture()
        let csv = await f.admin.get("/api/audit.csv?from=2024-05-01&to=2024-05-01&action=agent.pause")
        #expect(csv.status == 200)
        #expect(csv.header("Content-Type") == "text/csv; charset=utf-8")
        #expect(csv.header("Content-Disposition") == "attachment; filename=\"audit.csv\"")
        let lines = csv.text.components(separatedBy: "\r\n")
        #expect(lines[0] == "time,user,role,action,target,detail,address,user_agent")
        #expect(lines[1] == "2024-05-01T10:00:02Z,Boss,supervisor,agent.pause,agent:\(f.outOfScope.id.rawValue),,,")
        #expect(lines[2] == "2024-05-01T10:00:00Z,Boss,supervisor,agent.pause,agent:\(f.inScope.id.rawValue),'=cmd|' /C calc'!A0,,")
        await f.server.stop()
    }
}
