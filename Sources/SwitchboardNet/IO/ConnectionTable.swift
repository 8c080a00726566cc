/// The loop's connections, in fixed-size pages that never move: a pointer to a slot stays valid
/// while the loop runs, growth never copies existing connections, and memory grows with the number
/// of connections actually held (a page at a time), not with a size reserved up front.
struct ConnectionTable<Element>: ~Copyable {
    private static var pageShift: Int { 9 }
    private static var pageSize: Int { 1 << pageShift }

    private var pages: [UnsafeMutablePointer<Element?>] = []
    private var freeSlots: [UInt32] = []
    private var nextFresh: UInt32 = 0
    /// Slots in use.
    private(set) var count = 0

    init() {}

    deinit {
        for page in pages {
            page.deinitialize(count: Self.pageSize)
            page.deallocate()
        }
    }

    /// Stores `element` in a free slot and returns the slot.
    mutating func insert(_ element: Element) -> UInt32 {
        let slot: UInt32
        if let reused = freeSlots.popLast() {
            slot = reused
        } else {
            slot = nextFresh
            nextFresh += 1
            if Int(slot) >> Self.pageShift >= pages.count {
                let page = UnsafeMutablePointer<Element?>.allocate(capacity: Self.pageSize)
                page.initialize(repeating: nil, count: Self.pageSize)
                pages.append(page)
            }
        }
        pointer(slot).pointee = element
        count += 1
        return slot
    }

    /// The slot's storage (nil when free).
    func pointer(_ slot: UInt32) -> UnsafeMutablePointer<Element?> {
        pages[Int(slot) >> Self.pageShift] + (Int(slot) & (Self.pageSize - 1))
    }

    /// Whether `slot` was ever handed out.
    func contains(_ slot: UInt32) -> Bool { slot < nextFresh }

    /// Frees the slot and returns what it held.
    @discardableResult
    mutating func remove(_ slot: UInt32) -> Element? {
        let p = pointer(slot)
        guard let element = p.pointee else { return nil }
        p.pointee = nil
        freeSlots.append(slot)
        count -= 1
        return element
    }

    /// Every slot ever handed out (free ones included), for shutdown sweeps.
    var allSlots: Range<UInt32> { 0..<nextFresh }
}
