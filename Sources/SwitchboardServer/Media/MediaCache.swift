import SwitchboardStore
import SwitchboardSync

/// The media fetched lately, by message, up to a byte budget (the oldest fetched leave first): a conversation's
/// images are shown again at every reopen, spy and replay, and a provider's media API is slow and rate-limited.
final class MediaCache: Sendable {
    private struct Entries {
        var media: [MessageID: ProviderMediaFetcher.Media] = [:]
        var order: [MessageID] = []
        var bytes = 0
    }

    /// The most bytes kept.
    let budget: Int
    private let entries = Locked(Entries())

    init(budget: Int = 64 << 20) { self.budget = budget }

    /// The cached media of `message`.
    func media(of message: MessageID) -> ProviderMediaFetcher.Media? { entries.withLock { $0.media[message] } }

    /// Keeps `media` (not when it alone is over the budget), dropping the oldest to stay within it.
    func keep(_ media: ProviderMediaFetcher.Media, of message: MessageID) {
        guard media.body.count <= budget else { return }
        entries.withLock { entries in
            if entries.media[message] != nil { return }
            entries.media[message] = media
            entries.order.append(message)
            entries.bytes += media.body.count
            var dropped = 0
            while entries.bytes > budget, dropped < entries.order.count {
                let oldest = entries.order[dropped]
                entries.bytes -= entries.media.removeValue(forKey: oldest)?.body.count ?? 0
                dropped += 1
            }
            entries.order.removeFirst(dropped)
        }
    }
}
