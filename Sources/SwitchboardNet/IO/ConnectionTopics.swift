/// The topics one connection is subscribed to (to unsubscribe on close). The first is kept inline: a connection
/// subscribed to one topic (the common case) owns no array, so an idle WebSocket costs no allocation for it.
struct ConnectionTopics {
    private var first: TopicID?
    private var more: [TopicID] = []

    var isEmpty: Bool { first == nil && more.isEmpty }

    func contains(_ topic: TopicID) -> Bool { first == topic || more.contains(topic) }

    /// Adds `topic`; false if it was already there.
    @discardableResult
    mutating func insert(_ topic: TopicID) -> Bool {
        guard !contains(topic) else { return false }
        if first == nil { first = topic } else { more.append(topic) }
        return true
    }

    /// Removes `topic`; false if it was not there.
    @discardableResult
    mutating func remove(_ topic: TopicID) -> Bool {
        if first == topic {
            first = more.popLast()
            if more.isEmpty { more = [] }
            return true
        }
        guard let i = more.firstIndex(of: topic) else { return false }
        more.remove(at: i)
        if more.isEmpty { more = [] }
        return true
    }

    /// Every topic (order not kept).
    func forEach(_ body: (TopicID) -> Void) {
        if let first { body(first) }
        for topic in more { body(topic) }
    }
}
