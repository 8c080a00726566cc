import SwitchboardDomain
@testable import SwitchboardStore
import Testing
@testable import SwitchboardServer

/// The store's records turned into the ordered events the rebuild replays.
@Suite("Replay timeline")
struct ReplayTimelineTests {
    let t0 = Timestamp(milliseconds: 1_767_225_600_000)
    let campaign = CampaignID(3), ana = AgentID(7), bob = AgentID(8)

    func at(_ seconds: Int64) -> Timestamp { t0.adding(seconds: seconds) }

    func record(_ id: Int64, _ state: InteractionState, agent: AgentID? = nil, enqueued: Int64, firstTaken: Int64? = nil,
                taken: Int64? = nil, reply: Int64? = nil, closed: Int64? = nil, abandoned: Int64? = nil) -> SwitchboardStore.InteractionRecord {
        SwitchboardStore.InteractionRecord(
            id: InteractionID(id), campaignID: campaign, providerID: nil, heyNowNumber: "+598\(id)", direction: .incoming, state: state,
            agentID: agent, subject: nil, enqueuedAt: at(enqueued), firstTakenAt: firstTaken.map(at), takenAt: taken.map(at),
            firstAgentReplyAt: reply.map(at), closedAt: closed.map(at), abandonedAt: abandoned.map(at), messageCount: 0, lastMessageAt: nil)
    }

    @Test func aRequeuedInteractionsFirstReplyGoesToWhoHeldItThen() {
        var timeline = ReplayTimeline()
        // Ana took it at 10 and replied at 15; a disconnect requeued it at 20; Bob took it at 30 and closed it at 90.
        timeline.add(record(1, .closed, agent: bob, enqueued: 0, firstTaken: 10, taken: 30, reply: 15, closed: 90),
                     requeues: [RequeueRecord(interactionID: InteractionID(1), at: at(20), agentID: ana, takenAt: at(10))],
                     transcript: nil)
        timeline.add(record(2, .abandoned, enqueued: 5, abandoned: 12), requeues: [], transcript: nil)
        timeline.add(SwitchboardStore.AuditEntry(at: at(10), actorID: bob, action: "agent.status", detail: "paused coffee"))
        timeline.add(SwitchboardStore.AuditEntry(at: at(11), actorID: bob, action: "pause", detail: "coffee"))
        let i1 = InteractionID(1), i2 = InteractionID(2)
        let steps = timeline.steps
        #expect(steps.map(\.at) == [at(0), at(5), at(10), at(10), at(12), at(15), at(20), at(30), at(90)])
        #expect(steps.map(\.step) == [
            .campaign(campaign, .enqueue(i1, customer: "+5981")), .campaign(campaign, .enqueue(i2, customer: "+5982")),
            .presence(bob, RecordedAgentStatus(detail: "paused coffee")!), .campaign(campaign, .take(i1, agent: ana)),
            .campaign(campaign, .customerGone(i2)), .campaign(campaign, .agentMessage(i1, agent: ana, text: "")),
            .campaign(campaign, .requeue(i1)), .campaign(campaign, .take(i1, agent: bob)), .campaign(campaign, .close(i1, agent: bob)),
        ])
    }

    @Test func anOpenInteractionReplaysItsTranscriptAndAReservationNoTake() {
        var timeline = ReplayTimeline()
        let messages = [
            MessageRecord(id: MessageID(1), sender: .customer, agentID: nil, providerMessageID: "w1", at: at(-1), body: "hola",
                          delivery: nil),
            MessageRecord(id: MessageID(2), sender: .agent, agentID: ana, providerMessageID: nil, at: at(40), body: "buenas",
                          delivery: nil),
            MessageRecord(id: MessageID(3), sender: .system, agentID: nil, providerMessageID: nil, at: at(41), body: "note",
                          delivery: nil),
        ]
        let i1 = InteractionID(1)
        timeline.add(record(1, .active, agent: ana, enqueued: 0, firstTaken: 30, taken: 30, reply: 40), requeues: [], transcript: messages)
        timeline.add(record(2, .reserved, agent: bob, enqueued: 50), requeues: [], transcript: [])
        #expect(timeline.steps.map(\.step) == [
            .campaign(campaign, .enqueue(i1, customer: "+5981")), .campaign(campaign, .customerMessage(i1, text: "hola", messageID: 1)),
            .campaign(campaign, .take(i1, agent: ana)), .campaign(campaign, .agentMessage(i1, agent: ana, text: "buenas")),
            .campaign(campaign, .enqueue(InteractionID(2), customer: "+5982")),
        ])
        #expect(timeline.steps[1].at == at(0))   // a provider's earlier timestamp replays after the enqueue
    }
}
