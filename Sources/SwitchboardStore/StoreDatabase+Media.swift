import SwitchboardDomain

extension StoreDatabase {
    /// The media facts of message `id` (nil: no such message).
    public func messageMedia(_ id: MessageID) async throws(StoreError) -> MessageMedia? {
        try await read { c throws(StoreError) in
            var found: MessageMedia?
            try c.with("""
                SELECT m.interaction_id, i.campaign_id, COALESCE(m.provider_id, i.provider_id), m.content
                FROM messages m JOIN interactions i ON i.id = m.interaction_id WHERE m.id = ?
                """) { s throws(StoreError) in
                s.bind(1, id.rawValue)
                if try s.step() {
                    found = MessageMedia(message: id, interaction: InteractionID(s.int64(0)), campaign: CampaignID(s.int64(1)),
                                         provider: s.optionalInt64(2).map(ProviderID.init), content: s.optionalText(3))
                }
            }
            return found
        }
    }
}
