import SwitchboardDomain
import SwitchboardStore

/// The store's record of the recent past as one list of domain events in the order they happened: what the start-up
/// rebuild replays through the domain's own state machines, so today's figures, the rolling window, the queues, who
/// holds what and every agent's presence come back computed by the code that computed them live.
struct ReplayTimeline {
    /// One recorded event.
    enum Step: Equatable {
        /// An agent's status change.
        case presence(AgentID, RecordedAgentStatus)
        /// An interaction's event in its campaign.
        case campaign(CampaignID, CampaignEvent)
    }

    private var entries: [(at: Timestamp, rank: Int, order: Int, step: Step)] = []

    /// Whether nothing was added.
    var isEmpty: Bool { entries.isEmpty }

    private mutating func append(_ at: Timestamp, _ step: Step) {
        let rank = if case .presence = step { 0 } else { 1 }
        entries.append((at, rank, entries.count, step))
    }

    /// Adds an interaction's life as recorded: its enqueue, each take a requeue undid and that requeue, its last
    /// take, its messages (an open one: the whole transcript, for the inbox and spy views; a finished one: only who
    /// replied first and when, all its first response needs), then its close or abandon.
    /// - Parameters:
    ///   - record: the interaction's row.
    ///   - requeues: its requeues, in order.
    ///   - transcript: its messages when it is open (nil for a finished one).
    mutating func add(_ record: SwitchboardStore.InteractionRecord, requeues: [RequeueRecord], transcript: [MessageRecord]?) {
        // What a disabled campaign refused was never queued: nothing to replay.
        if record.disposition == InboundMessage.refusedDisposition, record.firstTakenAt == nil { return }
        let campaign = record.campaignID, id = record.id
        func add(_ at: Timestamp, _ event: CampaignEvent) { append(at, .campaign(campaign, event)) }
        var holds: [(agent: AgentID, from: Timestamp, until: Timestamp?)] = []
        // An outgoing conversation never waited: it starts held by its agent (not offered, not answered).
        let startsHeld = record.direction == .outgoing && requeues.isEmpty
            && (record.state == .active || record.state == .closed) && record.agentID != nil && record.takenAt != nil
        if startsHeld, let agent = record.agentID, let takenAt = record.takenAt {
            add(takenAt, .startOutgoing(id, customer: record.heyNowNumber, agent: agent))
            holds.append((agent, takenAt, nil))
        } else {
            add(record.enqueuedAt, .enqueue(id, customer: record.heyNowNumber))
        }
        for requeue in requeues {
            guard let agent = requeue.agentID, let takenAt = requeue.takenAt else { continue }
            add(takenAt, .take(id, agent: agent))
            add(requeue.at, .requeue(id))
            holds.append((agent, takenAt, requeue.at))
        }
        if !startsHeld, record.state == .active || record.state == .closed, let agent = record.agentID, let takenAt = record.takenAt {
            add(takenAt, .take(id, agent: agent))
            holds.append((agent, takenAt, nil))
        }
        if let transcript {
            for message in transcript {
                switch message.sender {
                // A provider's timestamp may precede the (non-decreasing) enqueue time the store kept.
                case .customer:
                    add(max(message.at, record.enqueuedAt), .customerMessage(id, text: message.body, messageID: message.id.rawValue,
                                                                            media: LineMedia(content: message.content)))
                case .agent: if let agent = message.agentID { add(message.at, .agentMessage(id, agent: agent, text: message.body)) }
                case .system: continue
                }
            }
        } else if let reply = record.firstAgentReplyAt,
                  let holder = holds.last(where: { $0.from <= reply && $0.until.map { reply < $0 } ?? true }) {
            add(reply, .agentMessage(id, agent: holder.agent, text: ""))
        }
        if record.state == .closed, let closedAt = record.closedAt, let agent = record.agentID { add(closedAt, .close(id, agent: agent)) }
        if record.state == .abandoned, let abandonedAt = record.abandonedAt { add(abandonedAt, .customerGone(id)) }
    }

    /// Adds an agent's recorded status change (any other audit entry is ignored).
    mutating func add(_ entry: SwitchboardStore.AuditEntry) {
        guard entry.action == RecordedAgentStatus.action, let agent = entry.actorID,
              let status = entry.detail.flatMap(RecordedAgentStatus.init(detail:)) else { return }
        append(entry.at, .presence(agent, status))
    }

    /// The steps in the order they happened: by instant; at one instant, status changes first (the login or resume
    /// that allowed a take), then each interaction's events in their recorded order.
    var steps: [(at: Timestamp, step: Step)] {
        entries.sorted { ($0.at, $0.rank, $0.order) < ($1.at, $1.rank, $1.order) }.map { ($0.at, $0.step) }
    }
}
