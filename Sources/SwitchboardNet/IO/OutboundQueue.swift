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

    private(set) var chunks: [Chunk] = []
    /// Bytes queued and not yet written.
    private(set) var byteCount = 0
    /// Bytes of the first chunk already written: a frame begun on the wire that must be finished.
    private(set) var headWritten = 0

    var isEmpty: Bool { chunks.isEmpty }

    mutating func append(_ chunk: Chunk) {
        let size = chunk.remaining
        guard size > 0 else { return }
        chunks.append(chunk)
        byteCount += size
    }

    /// Drops `written` bytes from the front after a (possibly partial) write.
    mutating func consume(_ written: Int) {
        var left = written
        byteCount -= written
        var dropped = 0
        while left > 0, dropped < chunks.count {
            let size = chunks[dropped].remaining
            if left >= size {
                left -= size
                dropped += 1
                headWritten = 0
            } else {
                headWritten += left
                switch chunks[dropped] {
                case .arena(let offset, let count): chunks[dropped] = .arena(offset: offset + left, count: count - left)
                case .shared(let frame, let offset): chunks[dropped] = .shared(frame, offset: offset + left)
                case .owned(let bytes, let offset): chunks[dropped] = .owned(bytes, offset: offset + left)
                }
                left = 0
            }
        }
        if dropped == chunks.count {
            chunks.removeAll(keepingCapacity: true)
        } else if dropped > 0 {
            chunks.removeFirst(dropped)
        }
    }

    /// Copies arena chunks into owned storage: called when bytes outlive the turn that made them.
    mutating func detachFromArena(_ arena: UnsafeRawBufferPointer) {
        for i in chunks.indices {
            if case .arena(let offset, let count) = chunks[i] {
                chunks[i] = .owned(Array(arena[offset..<(offset + count)]), offset: 0)
            }
        }
    }

    /// Frees the chunk array's storage when nothing is queued (an idle connection keeps nothing).
    mutating func releaseStorageIfEmpty() {
        if chunks.isEmpty && chunks.capacity > 0 { chunks = [] }
    }

    /// Empties the queue (the connection is closing without flushing).
    mutating func removeAll() {
        chunks = []
        byteCount = 0
        headWritten = 0
    }

    /// Drops what was not started, keeping the rest of a chunk already partly written: cutting it would
    /// tear a frame on the wire, and whatever follows (a close frame) would be read as its payload.
    mutating func removeUnstarted() {
        guard headWritten > 0, let head = chunks.first else { return removeAll() }
        chunks = [head]
        byteCount = head.remaining
    }
}
