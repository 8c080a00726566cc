/// Per-event-loop lender of zlib streams for permessage-deflate messages without context takeover.
///
/// A connection without context takeover borrows a stream for one message and gives it back reset, so idle connections
/// hold no zlib memory and a loop keeps at most `maxIdleStreams` compressors and as many decompressors. Loop-confined:
/// one pool per loop thread, never shared.
package final class DeflateStreamPool {
    /// zlib memLevel of pooled compressors: few exist, so they get zlib's default (~262 KB each at 15 window bits).
    package static let pooledMemoryLevel: Int32 = 8
    /// zlib memLevel of a connection's own context-takeover compressor: ~142 KB at 15 window bits instead of ~262 KB,
    /// for about 1% larger output on typical JSON updates.
    package static let ownedMemoryLevel: Int32 = 4
    /// Window of pooled decompressors: a 15-bit window inflates any peer window (RFC 7692 §7.1.2.2).
    package static let pooledInflateWindowBits = 15

    /// How many idle compressors (and, separately, decompressors) the pool keeps.
    package let maxIdleStreams: Int
    /// Idle compressors, most recently returned last.
    private var idleDeflaters: [RawDeflateStream] = []
    /// Idle decompressors.
    private var idleInflaters: [RawInflateStream] = []

    /// Creates an empty pool.
    /// - Parameter maxIdleStreams: the cap on idle compressors and on idle decompressors, each.
    package init(maxIdleStreams: Int = 4) {
        precondition(maxIdleStreams >= 0, "maxIdleStreams must not be negative")
        self.maxIdleStreams = maxIdleStreams
        idleDeflaters.reserveCapacity(maxIdleStreams)
        idleInflaters.reserveCapacity(maxIdleStreams)
    }

    /// Number of idle compressors held.
    package var idleDeflaterCount: Int { idleDeflaters.count }
    /// Number of idle decompressors held.
    package var idleInflaterCount: Int { idleInflaters.count }

    /// Lends a reset compressor for `windowBits` and `level`, reusing an idle one when there is one.
    /// - Parameters:
    ///   - windowBits: the window, 9...15.
    ///   - level: the zlib level, 1...9.
    /// - Returns: a compressor with empty history; give it back with `giveBack(_:)`.
    func borrowDeflater(windowBits: Int, level: Int32) -> RawDeflateStream {
        if let index = idleDeflaters.lastIndex(where: { $0.windowBits == windowBits && $0.level == level }) {
            return idleDeflaters.remove(at: index)
        }
        return RawDeflateStream(windowBits: windowBits, level: level, memoryLevel: Self.pooledMemoryLevel)
    }

    /// Takes a compressor back, resetting it; when full, the least recently returned one is freed instead.
    /// - Parameter deflater: a stream from `borrowDeflater`.
    func giveBack(_ deflater: RawDeflateStream) {
        guard maxIdleStreams > 0 else { return }
        deflater.reset()
        if idleDeflaters.count == maxIdleStreams { idleDeflaters.removeFirst() }
        idleDeflaters.append(deflater)
    }

    /// Lends a reset decompressor with a 15-bit window.
    /// - Returns: a decompressor with empty history; give it back with `giveBack(_:)`.
    func borrowInflater() -> RawInflateStream {
        idleInflaters.popLast() ?? RawInflateStream(windowBits: Self.pooledInflateWindowBits)
    }

    /// Takes a decompressor back, resetting it; dropped when the pool is full.
    /// - Parameter inflater: a stream from `borrowInflater`.
    func giveBack(_ inflater: RawInflateStream) {
        guard idleInflaters.count < maxIdleStreams else { return }
        inflater.reset()
        idleInflaters.append(inflater)
    }
}

/// Loop-thread confined: zlib streams are mutable state without locks.
@available(*, unavailable) extension DeflateStreamPool: Sendable {}
