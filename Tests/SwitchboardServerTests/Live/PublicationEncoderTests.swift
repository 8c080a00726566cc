import Foundation
import Testing
import SwitchboardDomain
@testable import SwitchboardServer

@Suite struct PublicationEncoderTests {
    let t0 = Timestamp(milliseconds: 1_767_225_600_000)

    func object(_ bytes: [UInt8]) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    func figures(_ id: Int64) throws -> CampaignFigures {
        var state = CampaignState(configuration: CampaignConfiguration(id: CampaignID(id), name: "C\"\(id)"), slots: [:])
        var out: [CampaignState.Output] = []
        try state.enqueue(InteractionID(1), customer: "+1", now: t0, into: &out)
        try state.customerGone(InteractionID(1), now: t0.adding(seconds: 4), into: &out)
        return state.figures(now: t0.adding(seconds: 5))
    }

    @Test func deltaEnvelopeAndMessage() throws {
        let line = TranscriptLine(interaction: InteractionID(9), index: 3, author: .agent(AgentID(4)), text: "hola\n", at: t0)
        let p = Publication(topic: .interaction(InteractionID(9)), seq: 12, kind: .delta, policy: .lossless, payload: .message(line))
        let o = try object(PublicationEncoder.encode(p))
        #expect(o["type"] as? String == "delta" && o["topic"] as? String == "interaction:9" && o["seq"] as? Int == 12)
        let data = try #require(o["data"] as? [String: Any])
        #expect(data["kind"] as? String == "message")
        let m = try #require(data["message"] as? [String: Any])
        #expect(m["author"] as? String == "agent" && m["agent"] as? Int == 4 && m["text"] as? String == "hola\n")
        #expect(m["index"] as? Int == 3 && m["at"] as? Int64 == t0.milliseconds)
    }

    @Test func aCustomersLineCarriesItsMessageIdAndMediaReadFromTheStoredContent() throws {
        let picture = LineMedia(content: #"{"caption":"Mi \"factura\"","mediaId":"147","mimeType":"image/jpeg","type":"image"}"#)
        #expect(picture == LineMedia(type: "image", caption: "Mi \"factura\"", mimeType: "image/jpeg"))
        let place = LineMedia(content: #"{"latitude":-34.9011,"longitude":-56.1645,"name":"Oficina","type":"location"}"#)
        #expect(place == LineMedia(type: "location", latitude: -34.9011, longitude: -56.1645, name: "Oficina"))
        #expect(LineMedia(content: #"{"type":"image"}"#) == nil, "no media id nor URL: nothing the proxy could fetch")
        #expect(LineMedia(content: #"{"emoji":"👍","reactsTo":"w1","type":"reaction"}"#) == nil)
        #expect(LineMedia(content: nil) == nil && LineMedia(content: "not json") == nil)

        let line = TranscriptLine(interaction: InteractionID(9), index: 0, author: .customer, text: "🖼 Mi factura", at: t0,
                                  messageID: 42, media: LineMedia(type: "document", fileName: "contrato.pdf"))
        let p = Publication(topic: .interaction(InteractionID(9)), seq: 1, kind: .delta, policy: .lossless, payload: .message(line))
        let m = try #require((try object(PublicationEncoder.encode(p))["data"] as? [String: Any])?["message"] as? [String: Any])
        #expect(m["id"] as? Int == 42)
        #expect(m["media"] as? [String: String] == ["type": "document", "fileName": "contrato.pdf"])
        let placed = TranscriptLine(interaction: InteractionID(9), index: 1, author: .customer, text: "📍", at: t0, media: place)
        let q = Publication(topic: .interaction(InteractionID(9)), seq: 2, kind: .delta, policy: .lossless, payload: .message(placed))
        let n = try #require((try object(PublicationEncoder.encode(q))["data"] as? [String: Any])?["message"] as? [String: Any])
        let media = try #require(n["media"] as? [String: Any])
        #expect(n["id"] == nil && media["latitude"] as? Double == -34.9011 && media["name"] as? String == "Oficina")
    }

    @Test func wallboardFiguresWithEmptyRatiosAsNullAndScopeFilter() throws {
        let p = Publication(topic: .wallboard, seq: 1, kind: .snapshot, policy: .latestState,
                            payload: .wallboard([try figures(1), try figures(2)]))
        let o = try object(PublicationEncoder.encode(p, view: WallboardView(campaigns: [CampaignID(2)], windowMinutes: nil)))
        #expect(o["type"] as? String == "snapshot")
        let campaigns = try #require((o["data"] as? [String: Any])?["campaigns"] as? [[String: Any]])
        #expect(campaigns.count == 1 && campaigns[0]["campaign"] as? Int == 2 && campaigns[0]["name"] as? String == "C\"2")
        let today = try #require(campaigns[0]["today"] as? [String: Any])
        #expect(today["offered"] as? Int == 1 && today["abandoned"] as? Int == 1 && today["shortAbandoned"] as? Int == 1)
        #expect(today["serviceLevel"] is NSNull && today["asa"] is NSNull)           // "—", never 0 %
        #expect(today["serviceLevelWithAbandoned"] as? Double == 1)
        #expect(today["averageAbandonTime"] as? Double == 4)
        let levels = try #require(campaigns[0]["levels"] as? [String: String])
        #expect(levels["serviceLevel"] == "ok" && levels.count == 5)
    }

    @Test func aWallboardGroupGetsItsWindowAndSnapshotsCarryTodaysTrend() throws {
        let snapshot = Publication(topic: .wallboard, seq: 4, kind: .snapshot, policy: .latestState, payload: .wallboard([try figures(1)]))
        let fifteen = try object(PublicationEncoder.encode(snapshot, view: WallboardView(campaigns: nil, windowMinutes: 15)))
        let tile = try #require(((fifteen["data"] as? [String: Any])?["campaigns"] as? [[String: Any]])?.first)
        #expect(tile["windowMinutes"] as? Int == 15)
        #expect((tile["window"] as? [String: Any])?["offered"] as? Int == 1)
        #expect((tile["windowLevels"] as? [String: String])?.count == 5)
        #expect(tile["trend"] is [Any] && tile["interval"] != nil)

        let delta = Publication(topic: .wallboard, seq: 5, kind: .delta, policy: .latestState, payload: .wallboard([try figures(1)]))
        let plain = try object(PublicationEncoder.encode(delta))
        let changed = try #require(((plain["data"] as? [String: Any])?["campaigns"] as? [[String: Any]])?.first)
        #expect(changed["windowMinutes"] as? Int == 30)   // the campaign's own window
        #expect(changed["trend"] == nil)                  // a delta carries the running interval only
    }

    @Test func everyPayloadEncodesToValidJSON() throws {
        let view = InteractionView(id: InteractionID(1), campaign: CampaignID(2), customer: "+5", phase: .active, agent: AgentID(3),
                                   enqueuedAt: t0, takenAt: t0, transcript: [], draft: "d")
        let payloads: [LivePayload] = [
            .alert(ThresholdAlert(campaign: CampaignID(1), metric: .asa, level: .warning, previous: .ok, value: 31.5, at: t0)),
            .campaign(try figures(1), [WaitingEntry(interaction: InteractionID(1), campaign: CampaignID(1), customer: "x",
                                                    enqueuedAt: t0, requeued: true)]),
            .figures(try figures(1)),
            .dequeued(InteractionID(1), .taken),
            .presence(AgentPresence(agent: AgentID(1), status: .paused(reason: "lunch", since: t0), since: t0, active: 2)),
            .load(AgentLoad(agent: AgentID(1), active: 1, at: t0)),
            .interaction(view), .typing(InteractionID(1), draft: "x"), .phase(InteractionID(1), .closed, agent: nil),
            .inbox(AgentID(3), [view]), .chatHistory(AgentID(3), [ChatLine(agent: AgentID(3), index: 0, author: .supervisor(UserID(8)),
                                                                          text: "hi", at: t0)]),
            .screen(ScreenState(agent: AgentID(3), interaction: nil, scroll: 5, draft: "", at: t0)),
            .screenWatch(AgentID(3), watching: true),
        ]
        for payload in payloads {
            let o = try object(PublicationEncoder.encode(Publication(topic: .agent(AgentID(1)), seq: 1, kind: .delta,
                                                                     policy: .latestState, payload: payload)))
            #expect((o["data"] as? [String: Any])?["kind"] is String)
        }
    }

    @Test func repliesCarryIdAndCode() throws {
        let ack = try object(PublicationEncoder.ack(id: "7"))
        #expect(ack["type"] as? String == "ack" && ack["id"] as? String == "7")
        let error = try object(PublicationEncoder.error(id: "8", DomainError.atMaximum))
        #expect(error["type"] as? String == "error" && error["id"] as? String == "8" && error["code"] as? String == "at_maximum")
    }
}
