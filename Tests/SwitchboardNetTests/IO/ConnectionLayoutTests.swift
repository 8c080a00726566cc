import Testing
@testable import SwitchboardNet

/// An idle WebSocket costs its connection record and nothing else on the heap: the record's size is what
/// the idle benchmark's bytes per connection are mostly made of, so it is bounded here.
@Suite struct ConnectionLayoutTests {
    @Test func theConnectionRecordStaysSmall() {
        let record = MemoryLayout<Connection?>.stride
        let webSocket = MemoryLayout<WebSocketConnectionState?>.stride
        let assembler = MemoryLayout<WebSocketMessageAssembler>.size
        let queue = MemoryLayout<OutboundQueue>.size
        print("LAYOUT record \(record) webSocket \(webSocket) assembler \(assembler) queue \(queue)")
        #expect(record <= 232)
        #expect(webSocket <= 112)
        #expect(assembler <= 30)
    }

    @Test func anEmptyQueueAndTopicSetOwnNoStorage() {
        var queue = OutboundQueue()
        queue.append(.owned([1, 2, 3], offset: 0))
        queue.append(.owned([4], offset: 0))
        queue.consume(4)
        #expect(queue.isEmpty)
        // A drained queue keeps no array: an idle connection holds no buffer for it.
        #expect(queue.chunkCount == 0)
        var topics = ConnectionTopics()
        topics.insert(TopicID(rawValue: 3))
        #expect(!topics.isEmpty)
    }
}
