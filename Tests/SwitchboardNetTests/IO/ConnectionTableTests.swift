import Testing
@testable import SwitchboardNet

@Suite struct ConnectionTableTests {
    @Test func insertRemoveAndReuseSlots() {
        var table = ConnectionTable<Int>()
        let a = table.insert(10)
        let b = table.insert(20)
        let c = table.insert(30)
        #expect([a, b, c] == [0, 1, 2])
        let full = table.count
        #expect(full == 3)
        let removed = table.remove(b)
        let again = table.remove(b)
        let left = table.count
        #expect(removed == 20)
        #expect(again == nil)
        #expect(left == 2)
        let freed = table.pointer(b).pointee
        let containsFreed = table.contains(b)
        let containsFresh = table.contains(3)
        #expect(freed == nil)
        #expect(containsFreed)
        #expect(!containsFresh)
        // A freed slot is handed out again before a fresh one.
        let reusedSlot = table.insert(40)
        #expect(reusedSlot == b)
        let reused = table.pointer(b).pointee
        #expect(reused == 40)
        let fresh = table.insert(50)
        #expect(fresh == 3)
        let all = table.allSlots
        #expect(all == 0..<4)
    }

    @Test func pointersStayValidWhileTheTableGrowsByPages() {
        var table = ConnectionTable<[Int]>()
        let first = table.insert([1])
        let pointer = table.pointer(first)
        var slots: [UInt32] = []
        for i in 0..<5_000 { slots.append(table.insert([i])) }
        let count = table.count
        #expect(count == 5_001)
        // The first slot's storage did not move, and writes through the old pointer are seen by the table.
        let after = table.pointer(first)
        #expect(after == pointer)
        pointer.pointee = [99]
        let seen = table.pointer(first).pointee
        #expect(seen == [99])
        for (i, slot) in slots.enumerated() {
            let value = table.pointer(slot).pointee
            #expect(value == [i])
        }
    }

    @Test func freedElementsAreReleased() {
        final class Token {}
        weak var weakToken: Token?
        var table = ConnectionTable<Token>()
        do {
            let token = Token()
            weakToken = token
            let slot = table.insert(token)
            #expect(weakToken != nil)
            table.remove(slot)
        }
        #expect(weakToken == nil)
    }
}
