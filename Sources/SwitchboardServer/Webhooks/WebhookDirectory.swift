import SwitchboardDomain
import SwitchboardProviders
import SwitchboardStore
import SwitchboardSync

/// The providers' credentials and the numbers their campaigns serve, as the webhooks need them on every request:
/// read from the store at most once a second (and at once when a request names something not known yet), so a
/// webhook costs no configuration read, and a change made through the API applies within a second.
final class WebhookDirectory: Sendable {
    /// One provider and the campaign of each of its numbers.
    struct Provider: Sendable {
        let credentials: ProviderCredentials
        /// `+digits` → (campaign, enabled).
        let campaigns: [String: (id: CampaignID, enabled: Bool)]
    }

    private struct Snapshot {
        var providers: [ProviderID: Provider] = [:]
        var readAt: Int64? = nil
    }

    private let store: StoreDatabase
    private let clock: any WallClock
    private let snapshot = Locked(Snapshot())
    /// How long a read stays current, and how often a miss may read again (milliseconds).
    private let freshness: Int64 = 1000, missInterval: Int64 = 100

    init(store: StoreDatabase, clock: any WallClock) {
        self.store = store
        self.clock = clock
    }

    /// The provider, read again first when the last read is older than a second or it is not known.
    func provider(_ id: ProviderID) async throws(StoreError) -> Provider? {
        let now = clock.now().milliseconds
        let (known, age) = snapshot.withLock { ($0.providers[id], $0.readAt.map { now - $0 } ?? .max) }
        if let known, age < freshness { return known }
        if known == nil, age < missInterval { return nil }
        return try await reload(at: now)[id]
    }

    private func reload(at now: Int64) async throws(StoreError) -> [ProviderID: Provider] {
        let credentials = try await store.providerCredentials()
        let campaigns = try await store.campaigns()
        var providers: [ProviderID: Provider] = [:]
        for provider in credentials {
            var numbers: [String: (id: CampaignID, enabled: Bool)] = [:]
            for campaign in campaigns where campaign.settings.providerID == provider.id {
                if let number = normalizedNumber(campaign.settings.number) {
                    numbers[number] = (campaign.id, campaign.settings.enabled)
                }
            }
            providers[provider.id] = Provider(credentials: provider, campaigns: numbers)
        }
        snapshot.withLock { $0 = Snapshot(providers: providers, readAt: now) }
        return providers
    }
}
