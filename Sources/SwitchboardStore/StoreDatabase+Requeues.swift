import SwitchboardDomain

// MARK: - One interaction's requeues (its transcript's timeline)

extension StoreDatabase {
    /// The takes undone by requeues of one interaction, in the order they happened (the recording's timeline).
    public func requeues(of id: InteractionID) async throws(StoreError) -> [RequeueRecord] {
        try await read { c throws(StoreError) in
            try c.with("SELECT at, agent_id, taken_at FROM requeues WHERE interaction_id = ? ORDER BY id") { s throws(StoreError) in
                s.bind(1, id.rawValue)
                var result: [RequeueRecord] = []
                while try s.step() {
                    result.append(RequeueRecord(
                        interactionID: id, at: Timestamp(milliseconds: s.int64(0)),
                        agentID: s.optionalInt64(1).map(AgentID.init), takenAt: s.optionalInt64(2).map(Timestamp.init)))
                }
                return result
            }
        }
    }
}
