import CZlib

/// A zlib raw DEFLATE decompressor (RFC 1951) for permessage-deflate payloads (RFC 7692 §7.2.2).
///
/// Memory: ~7 KB of state at init plus the window (`1 << windowBits` bytes), allocated by zlib on first use.
final class RawInflateStream {
    /// Base-2 logarithm of the LZ77 window, 8...15.
    let windowBits: Int
    /// Set when the current message held a block with BFINAL = 1; the rest of the message is padding (RFC 7692 §7.2.3.5).
    private(set) var reachedStreamEnd = false
    private let stream: UnsafeMutablePointer<z_stream>

    /// Largest output chunk offered to zlib in one call.
    static let maxChunk = 256 * 1024

    /// Creates a decompressor; traps if zlib cannot allocate its state.
    /// - Parameter windowBits: the window, 8...15.
    init(windowBits: Int) {
        precondition(PerMessageDeflateParameters.windowBitsRange.contains(windowBits), "raw inflate needs 8...15 window bits")
        self.windowBits = windowBits
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let status = cshim_inflate_init2(stream, -Int32(windowBits))
        precondition(status == Z_OK, "inflateInit2 failed: \(status)")
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Forgets the history so the next message inflates on its own; keeps the memory.
    func reset() {
        let status = inflateReset(stream)
        precondition(status == Z_OK, "inflateReset failed: \(status)")
        reachedStreamEnd = false
    }

    /// After a message that ended its DEFLATE stream with BFINAL = 1, starts a new stream that keeps the window, so a
    /// context-takeover peer may still refer to earlier messages (RFC 7692 §7.2.3.5 allows BFINAL flushes).
    func restartKeepingWindow() {
        guard reachedStreamEnd else { return }
        var window = [UInt8](repeating: 0, count: 1 << windowBits)
        var length: UInt32 = 0
        _ = inflateGetDictionary(stream, &window, &length)
        reset()
        if length > 0 { _ = inflateSetDictionary(stream, window, length) }
    }

    /// Inflates a piece of a message and appends the output, at most `limit` bytes.
    ///
    /// Output grows in chunks no larger than what is left of `limit` plus one byte, so a decompression bomb costs
    /// memory bounded by the limit and CPU bounded by the limit and the input size.
    /// - Parameters:
    ///   - input: compressed bytes (a fragment's payload, or the 00 00 ff ff tail).
    ///   - limit: the most bytes this call may produce.
    ///   - output: the inflated bytes are appended here (partial output is left behind when it throws).
    /// - Returns: how many bytes were appended.
    /// - Throws: `.tooLarge` once output passes `limit`, `.corrupt` on an invalid stream, `.internalError` on zlib failure.
    func inflate(_ input: UnsafeRawBufferPointer, limit: Int, into output: inout [UInt8]) throws(DeflateError) -> Int {
        guard !reachedStreamEnd, let base = input.baseAddress, !input.isEmpty else { return 0 }
        precondition(input.count <= Int(UInt32.max), "input too large for one zlib call")
        defer {
            stream.pointee.next_in = nil
            stream.pointee.next_out = nil
        }
        stream.pointee.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: UInt8.self))
        stream.pointee.avail_in = UInt32(input.count)
        let cap = min(limit, Int.max - 1) + 1  // room for one byte past the limit reveals that it was passed
        var produced = 0
        var chunk = min(cap, max(1024, min(input.count * 4, Self.maxChunk)))
        while true {
            let availableBefore = stream.pointee.avail_in
            var status: Int32 = Z_OK
            let unused = ZlibOutput.fill(&output, count: chunk) { next, available in
                stream.pointee.next_out = next
                stream.pointee.avail_out = available
                status = CZlib.inflate(stream, Z_SYNC_FLUSH)
                return stream.pointee.avail_out
            }
            let written = chunk - unused
            produced += written
            switch status {
            case Z_OK, Z_BUF_ERROR:
                break
            case Z_STREAM_END:
                reachedStreamEnd = true
            case Z_MEM_ERROR:
                throw .internalError(status)
            default:  // Z_DATA_ERROR, Z_NEED_DICT (never for raw), Z_STREAM_ERROR
                throw .corrupt
            }
            if produced > limit { throw .tooLarge }
            if reachedStreamEnd { break }
            let remainingInput = stream.pointee.avail_in
            if unused > 0 {
                // Output space left over: zlib consumed all it could. Input left here means it cannot progress.
                if remainingInput == 0 { break }
                if written == 0 && remainingInput == availableBefore { throw .corrupt }
            }
            chunk = min(cap - produced, min(chunk * 2, Self.maxChunk))
        }
        return produced
    }
}
