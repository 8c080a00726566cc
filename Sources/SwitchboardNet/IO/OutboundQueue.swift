/// What a connection still has to write, in order. Chunks either borrow the loop's per-turn arena
/// (frames made this turn: no allocation), hold a shared broadcast frame, or own their bytes (what
/// outlived a turn). An idle connection's queue owns no storage.
struct OutboundQueue {
    enum Chunk {
        /// Bytes in the loop's turn arena; valid only until the end of the turn.
        case arena(offset: Int, count: Int)
        /// A frame shared with other connections, written from `offset`.
        case shared(SharedFrame, offset: Int)
        /// Bytes this connection owns, written from `offset`.
        case owned([UInt8], offset: Int)

        var remaining: Int {
            switch self {
            case .arena(_, let count): count
            case .shared(let frame, let offset): frame.count - offset
            case .owned(let bytes, let offset): bytes.count - offset
            }
        }
    }

    /// Bytes queued and not yet written.
    private(set) var byteCount = 0
    /// Bytes of the first chunk already written: a frame begun on the wire that must be finished.
    private(set) var headWritten = 0
    /// The chunks after `first` (or all of them once `first` was written).
    private var rest: [Chunk] = []
    /// The first chunk, inline: a connection with one frame to write (the common case, also after merging
    /// adjacent arena frames) needs no array, and an idle connection's queue owns no storage at all. Last, so
    /// the connection record's flags fit in the bytes after it.
    private var first: Chunk?

    var isEmpty: Bool { first == nil && rest.isEmpty }

    /// How many chunks are queued.
    var chunkCount: Int { (first == nil ? 0 : 1) + rest.count }

    /// The chunks in order (copied into an array: for tests and cold paths; `forEach` does not allocate).
    var chunks: [Chunk] {
        var all: [Chunk] = []
        forEach { all.append($0); return true }
        return all
    }

    /// Calls `body` with each chunk in order until it returns false.
    @inline(__always)
    func forEach(_ body: (Chunk) -> Bool) {
        if let first, !body(first) { return }
        for chunk in rest where !body(chunk) { return }
    }

    mutating func append(_ chunk: Chunk) {
        let size = chunk.remaining
        guard size > 0 else { return }
        byteCount += size
        // Frames written one after the other into the turn arena go out as one chunk.
        if case .arena(let offset, let count) = chunk {
            if rest.isEmpty, case .arena(let lastOffset, let lastCount)? = first, lastOffset + lastCount == offset {
                first = .arena(offset: lastOffset, count: lastCount + count)
                return
            }
            if let last = rest.last, case .arena(let lastOffset, let lastCount) = last, lastOffset + lastCount == offset {
                rest[rest.count - 1] = .arena(offset: lastOffset, count: lastCount + count)
                return
            }
        }
        if first == nil && rest.isEmpty {
            first = chunk
        } else {
            rest.append(chunk)
        }
    }

    /// Drops `written` bytes from the front after a (possibly partial) write.
    mutating func consume(_ written: Int) {
        var left = written
        byteCount -= written
        if left > 0, let head = first {
            let size = head.remaining
            if left >= size {
                left -= size
                first = nil
                headWritten = 0
            } else {
                headWritten += left
                first = Self.advanced(head, by: left)
                return
            }
        }
        var dropped = 0
        while left > 0, dropped < rest.count {
            let size = rest[dropped].remaining
            if left >= size {
                left -= size
                dropped += 1
                headWritten = 0
            } else {
                headWritten += left
                rest[dropped] = Self.advanced(rest[dropped], by: left)
                left = 0
            }
        }
        if dropped == rest.count {
            // Everything written: keep no storage (an idle connection holds none).
            if !rest.isEmpty || rest.capacity > 0 { rest = [] }
        } else if dropped > 0 {
            rest.removeFirst(dropped)
        }
    }

    private static func advanced(_ chunk: Chunk, by count: Int) -> Chunk {
        switch chunk {
        case .arena(let offset, let length): .arena(offset: offset + count, count: length - count)
        case .shared(let frame, let offset): .shared(frame, offset: offset + count)
        case .owned(let bytes, let offset): .owned(bytes, offset: offset + count)
        }
    }

    /// Copies arena chunks into owned storage: called when bytes outlive the turn that made them.
    mutating func detachFromArena(_ arena: UnsafeRawBufferPointer) {
        if case .arena(let offset, let count)? = first { first = .owned(Array(arena[offset..<(offset + count)]), offset: 0) }
        for i in rest.indices {
            if case .arena(let offset, let count) = rest[i] {
                rest[i] = .owned(Array(arena[offset..<(offset + count)]), offset: 0)
            }
        }
    }

    /// Frees the chunk array's storage when nothing is queued (an idle connection keeps nothing).
    mutating func releaseStorageIfEmpty() {
        if isEmpty && rest.capacity > 0 { rest = [] }
    }

    /// Empties the queue (the connection is closing without flushing).
    mutating func removeAll() {
        first = nil
        rest = []
        byteCount = 0
        headWritten = 0
    }

    /// Drops what was not started, keeping the rest of a chunk already partly written: cutting it would
    /// tear a frame on the wire, and whatever follows (a close frame) would be read as its payload.
    mutating func removeUnstarted() {
        guard headWritten > 0 else { return removeAll() }
        let head = first ?? rest.first!
        first = head
        rest = []
        byteCount = head.remaining
    }
}
