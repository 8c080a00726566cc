import Testing
@testable import SwitchboardNet

@Suite struct OutboundQueueTests {
    /// The bytes still queued, in order, read through the chunks (arena chunks read from `arena`).
    private func pending(_ queue: OutboundQueue, arena: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        for chunk in queue.chunks {
            switch chunk {
            case .arena(let offset, let count): out += arena[offset..<(offset + count)]
            case .shared(let frame, let offset): out += frame.bytes[offset...]
            case .owned(let bytes, let offset): out += bytes[offset...]
            }
        }
        return out
    }

    private func filled() -> (OutboundQueue, [UInt8]) {
        let arena: [UInt8] = Array(100..<110)
        var queue = OutboundQueue()
        queue.append(.owned([1, 2, 3], offset: 0))
        queue.append(.arena(offset: 2, count: 4))
        queue.append(.shared(SharedFrame(bytes: [7, 8, 9, 10, 11]), offset: 1))
        return (queue, arena)
    }

    @Test func appendCountsBytesAndSkipsEmptyChunks() {
        var (queue, arena) = filled()
        queue.append(.owned([], offset: 0))
        queue.append(.owned([5], offset: 1))
        queue.append(.arena(offset: 3, count: 0))
        #expect(queue.chunks.count == 3)
        #expect(queue.byteCount == 11)
        #expect(pending(queue, arena: arena) == [1, 2, 3, 102, 103, 104, 105, 8, 9, 10, 11])
    }

    @Test func everyPartialConsumeKeepsTheRestInOrder() {
        let (full, arena) = filled()
        let all = pending(full, arena: arena)
        // Write in steps of every size: what stays queued is always the unwritten suffix.
        for step in 1...all.count {
            var queue = full
            var written = 0
            while written < all.count {
                let n = min(step, all.count - written)
                queue.consume(n)
                written += n
                #expect(queue.byteCount == all.count - written)
                #expect(pending(queue, arena: arena) == Array(all[written...]), "step \(step) at \(written)")
            }
            #expect(queue.isEmpty)
        }
    }

    @Test func consumeAcrossSeveralChunksAtOnce() {
        var (queue, arena) = filled()
        queue.consume(8)  // 3 owned + 4 arena + 1 of the shared frame
        #expect(queue.chunks.count == 1)
        #expect(queue.byteCount == 3)
        #expect(pending(queue, arena: arena) == [9, 10, 11])
    }

    @Test func detachCopiesArenaBytesSoTheArenaCanBeReused() {
        var (queue, arena) = filled()
        queue.consume(4)  // into the arena chunk: 103, 104, 105 remain
        arena.withUnsafeBytes { queue.detachFromArena($0) }
        for i in arena.indices { arena[i] = 0 }
        #expect(pending(queue, arena: arena) == [103, 104, 105, 8, 9, 10, 11])
        for chunk in queue.chunks {
            if case .arena = chunk { Issue.record("an arena chunk survived detaching") }
        }
        #expect(queue.byteCount == 7)
    }

    @Test func removeUnstartedKeepsAPartlyWrittenHeadChunk() {
        var (queue, arena) = filled()
        queue.removeUnstarted()
        #expect(queue.isEmpty && queue.byteCount == 0)
        (queue, arena) = filled()
        queue.consume(3)  // the owned chunk is done; the arena chunk is not started
        #expect(queue.headWritten == 0)
        queue.removeUnstarted()
        #expect(queue.isEmpty)
        (queue, arena) = filled()
        queue.consume(4)
        queue.consume(1)  // two bytes into the arena chunk
        #expect(queue.headWritten == 2)
        queue.removeUnstarted()
        #expect(pending(queue, arena: arena) == [104, 105])
        #expect(queue.byteCount == 2)
    }

    @Test func removeAllAndReleaseStorage() {
        var (queue, _) = filled()
        queue.removeAll()
        #expect(queue.isEmpty && queue.byteCount == 0)
        var drained = filled().0
        drained.consume(drained.byteCount)
        drained.releaseStorageIfEmpty()
        #expect(drained.chunks.capacity == 0)
        var busy = filled().0
        busy.releaseStorageIfEmpty()
        #expect(busy.chunks.count == 3)
    }
}
