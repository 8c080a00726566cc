import SwitchboardDomain
import SwitchboardStore

/// What happened to one interaction, in order: enqueued, each take (and the requeue that undid it, with the
/// agent who held it), the last take, then closed or abandoned. Built from the row (which keeps only its last
/// take) and the requeues table (the takes before).
struct RecordingTimeline {
    /// One step, epoch milliseconds.
    struct Step: Encodable, Equatable {
        /// `enqueued`, `taken`, `requeued`, `closed` or `abandoned`.
        let kind: String
        let at: Int64
        let agentId: Int64?
        let agentName: String?
    }

    let steps: [Step]

    /// The steps of `interaction`; `name` gives an agent's display name.
    init(_ interaction: SwitchboardStore.InteractionRecord, requeues: [RequeueRecord], name: (AgentID) -> String?) {
        func step(_ kind: String, _ at: Timestamp, _ agent: AgentID?) -> Step {
            Step(kind: kind, at: at.milliseconds, agentId: agent?.rawValue, agentName: agent.flatMap(name))
        }
        var steps = [step("enqueued", interaction.enqueuedAt, nil)]
        for requeue in requeues {
            // A reservation nobody accepted has no take: only its return to the queue shows.
            if let takenAt = requeue.takenAt { steps.append(step("taken", takenAt, requeue.agentID)) }
            steps.append(step("requeued", requeue.at, requeue.agentID))
        }
        if let takenAt = interaction.takenAt { steps.append(step("taken", takenAt, interaction.agentID)) }
        if let closedAt = interaction.closedAt { steps.append(step("closed", closedAt, interaction.agentID)) }
        if let abandonedAt = interaction.abandonedAt { steps.append(step("abandoned", abandonedAt, nil)) }
        self.steps = steps
    }
}
