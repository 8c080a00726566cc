import Testing
@testable import SwitchboardNet

@Suite struct ConnectionTopicsTests {
    private func all(_ topics: ConnectionTopics) -> Set<UInt32> {
        var out = Set<UInt32>()
        topics.forEach { out.insert($0.rawValue) }
        return out
    }

    @Test func insertRemoveAndContainsAcrossTheInlineAndTheArray() {
        var topics = ConnectionTopics()
        #expect(topics.isEmpty)
        do { let changed = topics.insert(TopicID(rawValue: 0)); #expect(changed) }
        do { let changed = topics.insert(TopicID(rawValue: 0)); #expect(!changed) }
        do { let changed = topics.insert(TopicID(rawValue: 5)); #expect(changed) }
        do { let changed = topics.insert(TopicID(rawValue: 9)); #expect(changed) }
        #expect(all(topics) == [0, 5, 9])
        #expect(topics.contains(TopicID(rawValue: 5)))
        #expect(!topics.contains(TopicID(rawValue: 4)))
        // Removing the inline one moves another in; every removal is seen once.
        do { let changed = topics.remove(TopicID(rawValue: 0)); #expect(changed) }
        do { let changed = topics.remove(TopicID(rawValue: 0)); #expect(!changed) }
        #expect(all(topics) == [5, 9])
        do { let changed = topics.remove(TopicID(rawValue: 5)); #expect(changed) }
        #expect(all(topics) == [9])
        do { let changed = topics.remove(TopicID(rawValue: 9)); #expect(changed) }
        #expect(topics.isEmpty)
        do { let changed = topics.remove(TopicID(rawValue: 9)); #expect(!changed) }
    }
}
