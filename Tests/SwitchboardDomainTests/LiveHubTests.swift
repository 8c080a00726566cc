import Testing
import TestSupport
@testable import SwitchboardDomain

@Suite struct LiveHubTests {
    static let t0 = Timestamp(milliseconds: 1_767_225_600_000)

    func figures(_ campaign: Int64, waiting: Int = 0) -> CampaignFigures {
        var state = CampaignState(configuration: CampaignConfiguration(id: CampaignID(campaign), name: "c\(campaign)"), slots: [:])
        var out: [CampaignState.Output] = []
        for i in 0..<waiting { try? state.enqueue(InteractionID(campaign * 1000 + Int64(i)), customer: "x", now: Self.t0, into: &out) }
        return state.figures(now: Self.t0)
    }

    @Test func sequenceNumbersArePerTopicAndReachTheSinkInOrder() {
        let sink = RecordingSink()
        let hub = LiveHub(sink: sink)
        let a = Topic.chat(AgentID(1)), b = Topic.chat(AgentID(2))
        #expect(hub.publish(.typing(InteractionID(1), draft: "a"), on: a, policy: .lossless) == 1)
        #expect(hub.publish(.typing(InteractionID(1), draft: "b"), on: a, policy: .lossless) == 2)
        #expect(hub.publish(.typing(InteractionID(1), draft: "c"), on: b, policy: .lossless) == 1)
        #expect(sink.published(on: a).map(\.seq) == [1, 2])
        #expect(sink.published.allSatisfy { $0.kind == .delta })
        let snap = hub.snapshot(.chatHistory(AgentID(1), []), on: a, policy: .lossless)
        #expect(snap.seq == 2 && snap.kind == .snapshot)
        #expect(sink.published.count == 3)                      // snapshots are not broadcast
    }

    @Test func resumeReplaysFromTheRing() throws {
        let hub = LiveHub(sink: DiscardingPublicationSink(), ringCapacity: 4)
        let topic = Topic.inbox(AgentID(3))
        for i in 1...3 { hub.publish(.typing(InteractionID(Int64(i)), draft: ""), on: topic, policy: .lossless) }
        guard case .replay(let missed) = hub.resume(topic, after: 1) else { Issue.record("expected a replay"); return }
        #expect(missed.map(\.seq) == [2, 3])
        guard case .upToDate = hub.resume(topic, after: 3) else { Issue.record("expected up to date"); return }
    }

    @Test func aSeqFromBeforeARestartNeverResumesOntoTheNewRun() {
        // The run before: the page saw seq 1_000_057 of the wallboard. The new run starts its seqs higher.
        let before = LiveHub(sink: DiscardingPublicationSink(), seqBase: 1_000_000)
        for _ in 0..<57 { before.publish(.typing(InteractionID(1), draft: ""), on: .wallboard, policy: .latestState) }
        let seen = before.currentSeq(of: .wallboard)
        let after = LiveHub(sink: DiscardingPublicationSink(), seqBase: 2_000_000)
        #expect(after.currentSeq(of: .wallboard) == 2_000_000)
        guard case .snapshotNeeded = after.resume(.wallboard, after: seen) else { Issue.record("no deltas yet: a snapshot"); return }
        for _ in 0..<3 { after.publish(.typing(InteractionID(1), draft: ""), on: .wallboard, policy: .latestState) }
        guard case .snapshotNeeded = after.resume(.wallboard, after: seen) else { Issue.record("old seq: a snapshot"); return }
        guard case .replay(let missed) = after.resume(.wallboard, after: 2_000_001) else { Issue.record("same run: a replay"); return }
        #expect(missed.map(\.seq) == [2_000_002, 2_000_003])
        guard case .upToDate = after.resume(.chat(AgentID(5)), after: 2_000_000) else { Issue.record("unknown topic at the base"); return }
    }

    @Test func aGapBeyondTheRingNeedsASnapshot() {
        let hub = LiveHub(sink: DiscardingPublicationSink(), ringCapacity: 4)
        let topic = Topic.interaction(InteractionID(9))
        for i in 1...10 { hub.publish(.typing(InteractionID(9), draft: "\(i)"), on: topic, policy: .latestState) }
        guard case .replay(let missed) = hub.resume(topic, after: 6) else { Issue.record("expected a replay"); return }
        #expect(missed.map(\.seq) == [7, 8, 9, 10])             // the ring wrapped; order is kept
        guard case .snapshotNeeded = hub.resume(topic, after: 5) else { Issue.record("5 is beyond the ring"); return }
        guard case .snapshotNeeded = hub.resume(topic, after: 11) else { Issue.record("a seq from the future"); return }
        hub.retire(topic)
        guard case .snapshotNeeded = hub.resume(topic, after: 10) else { Issue.record("retired topic"); return }
        guard case .upToDate = hub.resume(Topic.chat(AgentID(77)), after: 0) else { Issue.record("unknown topic at 0"); return }
    }

    @Test func wallboardDeltasAreCoalescedByTheClock() {
        let sink = RecordingSink()
        let hub = LiveHub(sink: sink, wallboardIntervalMilliseconds: 100)
        hub.stageWallboard(figures(1))
        #expect(hub.flushWallboard(now: Self.t0) == 1)
        hub.stageWallboard(figures(1, waiting: 1))
        hub.stageWallboard(figures(2))
        hub.stageWallboard(figures(1, waiting: 2))
        #expect(hub.flushWallboard(now: Self.t0.adding(milliseconds: 99)) == nil)   // inside the interval
        #expect(hub.flushWallboard(now: Self.t0.adding(milliseconds: 100)) == 2)
        #expect(hub.flushWallboard(now: Self.t0.adding(milliseconds: 300)) == nil)  // nothing changed
        let deltas = sink.published(on: .wallboard)
        #expect(deltas.count == 2 && deltas.allSatisfy { $0.policy == .latestState })
        guard case .wallboard(let last, _) = deltas[1].payload else { Issue.record("payload"); return }
        #expect(last.map(\.campaign) == [CampaignID(1), CampaignID(2)])
        #expect(last[0].waiting == 2)                           // only the newest figures of campaign 1
        let snap = hub.wallboardSnapshot()
        #expect(snap.seq == 2)
        guard case .wallboard(let all, _) = snap.payload else { Issue.record("payload"); return }
        #expect(all.count == 2)
    }

    @Test func topicNamesRoundTrip() {
        let topics: [Topic] = [.wallboard, .campaign(CampaignID(4)), .agent(AgentID(5)), .interaction(InteractionID(6)),
                               .screen(AgentID(7)), .inbox(AgentID(8)), .chat(AgentID(9))]
        for topic in topics { #expect(Topic(topic.description) == topic) }
        #expect(Topic("campaign:") == nil && Topic("nope:1") == nil && Topic("agent:-1") == nil)
    }

    @Test func concurrentPublishersStillDeliverInSeqOrder() async {
        let sink = RecordingSink()
        let hub = LiveHub(sink: sink)
        let topic = Topic.interaction(InteractionID(1))
        await withTaskGroup(of: Void.self) { group in
            for t in 0..<8 {
                group.addTask {
                    for i in 0..<250 { hub.publish(.typing(InteractionID(1), draft: "\(t)-\(i)"), on: topic, policy: .lossless) }
                }
            }
        }
        #expect(sink.published(on: topic).map(\.seq) == Array(1...2000))   // no gap, no reorder, no duplicate
    }
}
