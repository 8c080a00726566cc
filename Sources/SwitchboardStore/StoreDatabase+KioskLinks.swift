import SwitchboardDomain

// MARK: - Kiosk links (schema `versionKioskLinks`)

extension StoreDatabase {
    /// Every kiosk link, newest first, revoked ones included (the administrators' list).
    public func kioskLinks() async throws(StoreError) -> [KioskLinkRecord] {
        try await read { c throws(StoreError) in
            var campaigns: [Int64: [CampaignID]] = [:]
            try c.with("SELECT link_id, campaign_id FROM kiosk_link_campaigns ORDER BY link_id, campaign_id") { s throws(StoreError) in
                while try s.step() { campaigns[s.int64(0), default: []].append(CampaignID(s.int64(1))) }
            }
            return try c.with("SELECT id, name, token_hash, created_by, created_at, revoked_at FROM kiosk_links ORDER BY id DESC") {
                s throws(StoreError) in
                var links: [KioskLinkRecord] = []
                while try s.step() {
                    let id = s.int64(0)
                    links.append(KioskLinkRecord(
                        id: id, name: s.text(1), tokenHash: s.blob(2), campaigns: campaigns[id] ?? [],
                        createdBy: s.optionalInt64(3).map(UserID.init), createdAt: Timestamp(milliseconds: s.int64(4)),
                        revokedAt: s.optionalInt64(5).map(Timestamp.init)))
                }
                return links
            }
        }
    }

    /// Adds a kiosk link for `campaigns`.
    /// - Throws: `.notFound` when a campaign does not exist, `.invalidArgument` for no campaign.
    public func createKioskLink(name: String, tokenHash: [UInt8], campaigns: [CampaignID], createdBy: UserID?, at now: Timestamp)
        async throws(StoreError) -> KioskLinkRecord {
        let unique = Array(Set(campaigns)).sorted()
        guard !unique.isEmpty else { throw .invalidArgument("a kiosk link shows at least one campaign") }
        return try await write { c throws(StoreError) in
            let id: Int64 = try c.with("""
                INSERT INTO kiosk_links(name, token_hash, created_by, created_at) VALUES (?, ?, ?, ?) RETURNING id
                """) { s throws(StoreError) -> Int64 in
                s.bind(1, name)
                s.bind(2, blob: tokenHash)
                s.bind(3, createdBy?.rawValue)
                s.bind(4, now.milliseconds)
                _ = try s.step()
                return s.int64(0)
            }
            for campaign in unique {
                do throws(StoreError) {
                    try c.run("INSERT INTO kiosk_link_campaigns(link_id, campaign_id) VALUES (?, ?)", [.integer(id), .integer(campaign.rawValue)])
                } catch {
                    throw Self.mapConstraint(error, conflict: "kiosk link campaign", missing: "campaign \(campaign)")
                }
            }
            return KioskLinkRecord(id: id, name: name, tokenHash: tokenHash, campaigns: unique, createdBy: createdBy, createdAt: now)
        }
    }

    /// Revokes a kiosk link; the link stays listed, revoked.
    /// - Returns: the link as it is now, nil for an unknown id. Revoking twice keeps the first revocation's time.
    public func revokeKioskLink(_ id: Int64, at now: Timestamp) async throws(StoreError) -> KioskLinkRecord? {
        try await write { c throws(StoreError) in
            try c.run("UPDATE kiosk_links SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", [.integer(now.milliseconds), .integer(id)])
        }
        return try await kioskLinks().first { $0.id == id }
    }
}
