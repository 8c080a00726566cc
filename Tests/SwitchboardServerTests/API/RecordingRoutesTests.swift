import Foundation
import Testing
import SwitchboardDomain
import SwitchboardStore
@testable import SwitchboardServer

@Suite("Recording routes")
struct RecordingRoutesTests {
    /// 2024-05-01T10:00:00Z.
    static let t0: Int64 = 1_714_557_600_000
    static let day: Int64 = 86_400_000

    struct Fixture {
        let server: APITestServer
        let admin: APITestClient
        let campaignA: Int
        let campaignB: Int
        let agent: UserRecord
        let ids: [InteractionID]
    }

    /// Campaigns A and B; #1 in A closed by the agent with a formula subject, #2 in A abandoned with a comma,
    /// quotes and a newline in its subject, #3 in B queued. A day apart each.
    static func fixture() async throws -> Fixture {
        let (server, admin, provider) = try await CampaignRoutesTests.setUp()
        let a = await admin.post("/api/campaigns", ["name": "Alpha", "providerId": provider, "number": "+14155550100"] as [String: Any])
        let b = await admin.post("/api/campaigns", ["name": "Beta", "providerId": provider, "number": "+14155550101"] as [String: Any])
        let campaignA = a.object["id"] as? Int ?? 0
        let campaignB = b.object["id"] as? Int ?? 0
        let agent = try await server.makeUser("agent", role: .agent)
        let store = server.store
        func start(_ campaign: Int, _ number: String, _ at: Int64, _ text: String) async throws -> InteractionID {
            let id = try await store.startInteraction(NewInteraction(
                campaignID: CampaignID(Int64(campaign)), providerID: nil, heyNowNumber: number, direction: .incoming,
                enqueuedAt: Timestamp(milliseconds: at)))
            _ = try await store.appendMessage(NewMessage(interactionID: id, sender: .customer, at: Timestamp(milliseconds: at), body: text))
            return id
        }
        let first = try await start(campaignA, "+598991", t0, "Hello I need a refund")
        try await store.record(.taken(agent: agent.id, at: Timestamp(milliseconds: t0 + 5000)), for: first)
        _ = try await store.appendMessage(NewMessage(
            interactionID: first, sender: .agent, agentID: agent.id, at: Timestamp(milliseconds: t0 + 9000), body: "Sure, one moment"))
        try await store.record(.closed(at: Timestamp(milliseconds: t0 + 65_000), subject: "=SUM(A1)"), for: first)
        let second = try await start(campaignA, "+598992", t0 + day, "Price, \"quote\"\nplease")
        try await store.record(.abandoned(at: Timestamp(milliseconds: t0 + day + 30_000)), for: second)
        let third = try await start(campaignB, "+598993", t0 + 2 * day, "refund status")
        return Fixture(server: server, admin: admin, campaignA: campaignA, campaignB: campaignB, agent: agent, ids: [first, second, third])
    }

    static func ids(_ response: APITestResponse) -> [Int] {
        (response.object["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
    }

    @Test func searchFiltersSortsAndPages() async throws {
        let f = try await Self.fixture()
        let (one, two, three) = (Int(f.ids[0].rawValue), Int(f.ids[1].rawValue), Int(f.ids[2].rawValue))
        let all = await f.admin.get("/api/recordings")
        #expect(all.status == 200)
        #expect(Self.ids(all) == [three, two, one])
        #expect(all.object["total"] as? Int == 3)
        #expect(all.object["page"] as? Int == 1)
        #expect(all.object["pageSize"] as? Int == 50)
        let item = (all.object["items"] as? [[String: Any]])?.last ?? [:]
        #expect(item["campaignName"] as? String == "Alpha")
        #expect(item["agentName"] as? String == "Agent")
        #expect(item["durationMs"] as? Int == 65_000)
        #expect(item["messageCount"] as? Int == 2)
        #expect(item["subject"] as? String == "=SUM(A1)")
        #expect(Self.ids(await f.admin.get("/api/recordings?number=%2B598992")) == [two])
        #expect(Self.ids(await f.admin.get("/api/recordings?campaign=\(f.campaignA)")) == [two, one])
        #expect(Self.ids(await f.admin.get("/api/recordings?campaign=\(f.campaignA),\(f.campaignB)&order=asc")) == [one, two, three])
        #expect(Self.ids(await f.admin.get("/api/recordings?state=closed,queued")) == [three, one])
        #expect(Self.ids(await f.admin.get("/api/recordings?q=refund")) == [three, one])
        #expect(Self.ids(await f.admin.get("/api/recordings?subject=quote")) == [two])
        #expect(Self.ids(await f.admin.get("/api/recordings?agent=\(f.agent.id.rawValue)")) == [one])
        #expect(Self.ids(await f.admin.get("/api/recordings?from=2024-05-02&to=2024-05-02")) == [two])
        #expect(Self.ids(await f.admin.get("/api/recordings?from=\(Self.t0 + 1)")) == [three, two])
        #expect(Self.ids(await f.admin.get("/api/recordings?to=2024-05-01T12:00:00%2B02:00")) == [one])
        #expect(Self.ids(await f.admin.get("/api/recordings?sort=heyNowNumber&order=asc")) == [one, two, three])
        let page = await f.admin.get("/api/recordings?page=2&pageSize=2")
        #expect(Self.ids(page) == [one])
        #expect(page.object["total"] as? Int == 3)
        #expect(page.object["page"] as? Int == 2)
        await f.server.stop()
    }

    @Test func badParametersAreNamed() async throws {
        let f = try await Self.fixture()
        let bad = await f.admin.get("/api/recordings?pageSize=500&page=0&from=yesterday&state=bogus&sort=size&order=up&campaign=x&agent=-2")
        #expect(bad.status == 422)
        #expect(Set(bad.fields.keys) == ["pageSize", "page", "from", "state", "sort", "order", "campaign", "agent"])
        let reversed = await f.admin.get("/api/recordings?from=2024-05-03&to=2024-05-01")
        #expect(reversed.fields["to"] == "must not be before from")
        let badCSV = await f.admin.get("/api/recordings.csv?pageSize=0&to=2024-13-01")
        #expect(badCSV.status == 422)
        #expect(badCSV.fields["to"] != nil)
        await f.server.stop()
    }

    @Test func supervisorsSeeOnlyTheirCampaigns() async throws {
        let f = try await Self.fixture()
        let supervisor = try await f.server.client("sup", role: .supervisor, scopes: [CampaignID(Int64(f.campaignB))])
        #expect(Self.ids(await supervisor.get("/api/recordings")) == [Int(f.ids[2].rawValue)])
        #expect(await supervisor.get("/api/recordings?campaign=\(f.campaignA)").status == 403)
        #expect(await supervisor.get("/api/recordings/\(f.ids[0].rawValue)").status == 404)
        #expect(await supervisor.get("/api/recordings/\(f.ids[2].rawValue)").status == 200)
        let csv = await supervisor.get("/api/recordings.csv")
        #expect(csv.text.split(separator: "\r\n").count == 2)
        #expect(csv.text.contains("+598993"))
        let unscoped = try await f.server.client("sup2", role: .supervisor)
        #expect(Self.ids(await unscoped.get("/api/recordings")).isEmpty)
        let agent = await f.server.login("agent")
        #expect(await agent.get("/api/recordings").status == 403)
        #expect(await agent.get("/api/recordings.csv").status == 403)
        #expect(await f.server.anonymous.get("/api/recordings.csv").status == 401)
        await f.server.stop()
    }

    @Test func detailHasTheTranscript() async throws {
        let f = try await Self.fixture()
        let detail = await f.admin.get("/api/recordings/\(f.ids[0].rawValue)")
        #expect(detail.status == 200)
        #expect(detail.object["campaignName"] as? String == "Alpha")
        #expect(detail.object["agentName"] as? String == "Agent")
        #expect(detail.object["state"] as? String == "closed")
        #expect(detail.object["takenAt"] as? Int == Int(Self.t0 + 5000))
        let transcript = detail.object["transcript"] as? [[String: Any]] ?? []
        #expect(transcript.map { $0["body"] as? String } == ["Hello I need a refund", "Sure, one moment"])
        #expect(transcript.map { $0["sender"] as? String } == ["customer", "agent"])
        #expect(await f.admin.get("/api/recordings/999").status == 404)
        #expect(await f.admin.get("/api/recordings/abc").status == 400)
        await f.server.stop()
    }

    @Test func csvIsQuotedNeutralisedAndStreamed() async throws {
        let f = try await Self.fixture()
        let csv = await f.admin.get("/api/recordings.csv?order=asc")
        #expect(csv.status == 200)
        #expect(csv.header("Content-Type") == "text/csv; charset=utf-8")
        #expect(csv.header("Content-Disposition") == "attachment; filename=\"recordings.csv\"")
        #expect(csv.header("Transfer-Encoding") == "chunked")
        let head = await f.admin.request("HEAD", "/api/recordings.csv")
        #expect(head.status == 200)
        #expect(head.header("Content-Type") == "text/csv; charset=utf-8")
        #expect(head.body.isEmpty)
        let lines = csv.text.components(separatedBy: "\r\n")
        #expect(lines[0] == "date,heynow_number,campaign,agent,address,state,duration_seconds,messages,subject")
        #expect(lines[1] == "2024-05-01T10:00:00Z,'+598991,Alpha,Agent,incoming,closed,65,2,'=SUM(A1)")
        #expect(lines[2] == "2024-05-02T10:00:00Z,'+598992,Alpha,,incoming,abandoned,30,1,\"Price, \"\"quote\"\"\"")
        await f.server.stop()
    }

    @Test func largeExportArrivesWhole() async throws {
        let f = try await Self.fixture()
        for index in 0..<700 {
            _ = try await f.server.store.startInteraction(NewInteraction(
                campaignID: CampaignID(Int64(f.campaignB)), providerID: nil, heyNowNumber: "+5989\(10_000 + index)",
                direction: .outgoing, enqueuedAt: Timestamp(milliseconds: Self.t0 + 3 * Self.day + Int64(index))))
        }
        let csv = await f.admin.get("/api/recordings.csv?campaign=\(f.campaignB)&order=asc")
        let lines = csv.text.split(separator: "\r\n")
        #expect(csv.body.count > 32_768)
        #expect(lines.count == 1 + 701)
        #expect(lines.last?.contains("+598910699") == true)
        await f.server.stop()
    }

    @Test func timelineNamesEveryTakeAndRequeue() async throws {
        let f = try await Self.fixture()
        let store = f.server.store
        let other = try await f.server.makeUser("other", role: .agent)
        let id = try await store.startInteraction(NewInteraction(
            campaignID: CampaignID(Int64(f.campaignA)), providerID: nil, heyNowNumber: "+598994", direction: .incoming,
            enqueuedAt: Timestamp(milliseconds: Self.t0)))
        try await store.record(.taken(agent: f.agent.id, at: Timestamp(milliseconds: Self.t0 + 1000)), for: id)
        try await store.record(.requeued(at: Timestamp(milliseconds: Self.t0 + 2000)), for: id)
        try await store.record(.taken(agent: other.id, at: Timestamp(milliseconds: Self.t0 + 3000)), for: id)
        try await store.record(.closed(at: Timestamp(milliseconds: Self.t0 + 4000), subject: nil), for: id)
        let detail = await f.admin.get("/api/recordings/\(id.rawValue)")
        let steps = detail.object["timeline"] as? [[String: Any]] ?? []
        #expect(steps.map { $0["kind"] as? String } == ["enqueued", "taken", "requeued", "taken", "closed"])
        #expect(steps.first?["at"] as? Int == detail.object["enqueuedAt"] as? Int)
        #expect(steps.dropFirst().map { $0["at"] as? Int } == [1000, 2000, 3000, 4000].map { Int(Self.t0) + $0 })
        #expect(steps.map { $0["agentName"] as? String } == [nil, "Agent", "Agent", "Other", "Other"])
        let abandoned = await f.admin.get("/api/recordings/\(f.ids[1].rawValue)")
        #expect((abandoned.object["timeline"] as? [[String: Any]] ?? []).map { $0["kind"] as? String } == ["enqueued", "abandoned"])
        let transcript = await f.admin.get("/api/recordings/\(f.ids[0].rawValue)")
        #expect((transcript.object["transcript"] as? [[String: Any]] ?? []).map { $0["agentName"] as? String } == [nil, "Agent"])
        await f.server.stop()
    }

    @Test func transcriptCSVIsQuotedNeutralisedAndScoped() async throws {
        let f = try await Self.fixture()
        let store = f.server.store
        _ = try await store.appendMessage(NewMessage(
            interactionID: f.ids[1], sender: .customer, at: Timestamp(milliseconds: Self.t0 + Self.day + 1000), body: "=HYPERLINK(x)"))
        let csv = await f.admin.get("/api/recordings/\(f.ids[1].rawValue)/transcript.csv")
        #expect(csv.status == 200)
        #expect(csv.header("Content-Type") == "text/csv; charset=utf-8")
        #expect(csv.header("Content-Disposition") == "attachment; filename=\"transcript-\(f.ids[1].rawValue).csv\"")
        let lines = csv.text.components(separatedBy: "\r\n")
        #expect(lines[0] == "time,author,agent,message,delivery,delivery_reason")
        #expect(lines[1] == "2024-05-02T10:00:00Z,customer,,\"Price, \"\"quote\"\"\nplease\",,")
        #expect(lines[2] == "2024-05-02T10:00:01Z,customer,,'=HYPERLINK(x),,")
        let first = await f.admin.get("/api/recordings/\(f.ids[0].rawValue)/transcript.csv")
        #expect(first.text.components(separatedBy: "\r\n")[2] == "2024-05-01T10:00:09Z,agent,Agent,\"Sure, one moment\",,")
        let supervisor = try await f.server.client("sup", role: .supervisor, scopes: [CampaignID(Int64(f.campaignB))])
        #expect(await supervisor.get("/api/recordings/\(f.ids[0].rawValue)/transcript.csv").status == 404)
        #expect(await supervisor.get("/api/recordings/\(f.ids[2].rawValue)/transcript.csv").status == 200)
        let agent = await f.server.login("agent")
        #expect(await agent.get("/api/recordings/\(f.ids[2].rawValue)/transcript.csv").status == 403)
        #expect(await f.admin.get("/api/recordings/999/transcript.csv").status == 404)
        await f.server.stop()
    }
}
