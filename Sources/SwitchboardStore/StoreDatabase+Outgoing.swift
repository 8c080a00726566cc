import SwitchboardDomain

// MARK: - Outgoing conversations

extension StoreDatabase {
    /// Removes an outgoing interaction recorded a moment ago that the live side then refused (the agent at its
    /// maximum, paused, offline): nothing was sent and nobody saw it, so no recording is kept of it.
    /// - Returns: whether it was removed (false when it had moved on or holds messages).
    @discardableResult
    public func discardStartedInteraction(_ id: InteractionID) async throws(StoreError) -> Bool {
        try await write { c throws(StoreError) in
            try c.scalar("""
                DELETE FROM interactions WHERE id = ?1 AND direction = 'outgoing' AND state = 'queued'
                    AND NOT EXISTS (SELECT 1 FROM messages WHERE interaction_id = ?1)
                RETURNING id
                """, [.integer(id.rawValue)]) != nil
        }
    }
}
