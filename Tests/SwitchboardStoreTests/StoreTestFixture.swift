import Foundation
import SwitchboardDomain
@testable import SwitchboardStore

/// A real database file in its own temporary folder (no mocks), with one provider and one campaign.
struct StoreTestFixture {
    let folder: String
    let path: String
    let t0 = Timestamp(milliseconds: 1_767_225_600_000)

    init() throws {
        folder = NSTemporaryDirectory() + "sbstore-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        path = folder + "/switchboard.sqlite"
    }

    func open(_ configure: (inout StoreConfiguration) -> Void = { _ in }) async throws -> StoreDatabase {
        var configuration = StoreConfiguration(path: path)
        configure(&configuration)
        return try await StoreDatabase.open(configuration)
    }

    func remove() { try? FileManager.default.removeItem(atPath: folder) }

    static let cloud = ProviderInput(
        name: "HeyNow Cloud", baseURL: "https://graph.example", numbers: ["+59899000001"],
        settings: .cloud(phoneNumberID: "1234", accessToken: "tok", appSecret: "sec", verifyToken: "ver"))

    /// Creates the fixture provider and one campaign on it.
    func seed(_ db: StoreDatabase, campaign name: String = "Sales") async throws -> (ProviderID, CampaignID) {
        let provider = try await db.createProvider(Self.cloud, at: t0)
        let campaign = try await db.createCampaign(
            CampaignSettings(name: name, providerID: provider.id, number: "+59899000001"), at: t0)
        return (provider.id, campaign.id)
    }

    /// `seed` for a file at an older schema version: the campaign is written with the first version's columns only
    /// (the store's own insert names every column of the newest schema).
    func seedOldSchema(_ db: StoreDatabase, campaign name: String = "Sales") async throws -> (ProviderID, CampaignID) {
        let provider = try await db.createProvider(Self.cloud, at: t0)
        let id = try await db.write { c throws(StoreError) in
            try c.run("INSERT INTO campaigns(name, provider_id, number, created_at) VALUES (?, ?, '+59899000001', ?)",
                      [.text(name), .integer(provider.id.rawValue), .integer(t0.milliseconds)])
            return c.lastInsertRowID
        }
        return (provider.id, CampaignID(id))
    }

    func inbound(_ campaign: CampaignID, _ provider: ProviderID, id: String, from number: String = "+59891111111",
                 at offset: Int64 = 0, body: String = "hola") -> InboundMessage {
        InboundMessage(campaignID: campaign, providerID: provider, providerMessageID: id, heyNowNumber: number,
                       at: t0.adding(seconds: offset), body: body)
    }
}
