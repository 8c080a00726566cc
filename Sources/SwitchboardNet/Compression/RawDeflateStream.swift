import CZlib

/// A zlib raw DEFLATE compressor (no zlib header, RFC 1951) producing permessage-deflate payloads (RFC 7692 §7.2.1).
///
/// Memory (zlib's deflateInit2 formula): `(1 << (windowBits + 2)) + (1 << (memoryLevel + 9))` plus ~6 KB of state;
/// 15 bits / memLevel 8 = ~262 KB, 15 bits / memLevel 4 = ~142 KB. The z_stream lives on the heap because zlib keeps a
/// back pointer to it and it must not move.
final class RawDeflateStream {
    /// Base-2 logarithm of the LZ77 window, 9...15.
    let windowBits: Int
    /// zlib compression level, 1...9.
    let level: Int32
    /// zlib memLevel, 1...9: the hash table and block buffer size.
    let memoryLevel: Int32
    private let stream: UnsafeMutablePointer<z_stream>

    /// Creates a compressor; traps if zlib cannot allocate its state.
    /// - Parameters:
    ///   - windowBits: the window, 9...15 (zlib rejects raw 8).
    ///   - level: the zlib level, 1...9.
    ///   - memoryLevel: the zlib memLevel, 1...9.
    init(windowBits: Int, level: Int32, memoryLevel: Int32) {
        precondition((9...15).contains(windowBits), "raw deflate needs 9...15 window bits")
        self.windowBits = windowBits
        self.level = level
        self.memoryLevel = memoryLevel
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let status = cshim_deflate_init2(stream, level, -Int32(windowBits), memoryLevel, Z_DEFAULT_STRATEGY)
        precondition(status == Z_OK, "deflateInit2 failed: \(status)")
    }

    deinit {
        deflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Forgets the LZ77 history so the next message compresses on its own (no context takeover); keeps the memory.
    func reset() {
        let status = deflateReset(stream)
        precondition(status == Z_OK, "deflateReset failed: \(status)")
    }

    /// Compresses one whole message and appends its payload: Z_SYNC_FLUSH, then the trailing 00 00 ff ff removed
    /// (RFC 7692 §7.2.1). An empty message gives the single byte 00 (§7.2.3.6) without touching the stream.
    /// - Parameters:
    ///   - message: the uncompressed message.
    ///   - output: the payload is appended here; its capacity grows by deflateBound + 16 bytes at most in one step.
    func compressMessage(_ message: UnsafeRawBufferPointer, into output: inout [UInt8]) {
        guard let base = message.baseAddress, !message.isEmpty else {
            // An empty stored block whose 00 00 ff ff tail the receiver re-appends. Calling deflate instead would fail
            // with Z_BUF_ERROR after a previous flush, since a flush with no new input makes no progress.
            output.append(0)
            return
        }
        precondition(message.count <= Int(UInt32.max), "message too large for one zlib call")
        let start = output.count
        stream.pointee.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: UInt8.self))
        stream.pointee.avail_in = UInt32(message.count)
        var chunk = Int(deflateBound(stream, UInt(message.count))) + 16  // + the sync flush's empty stored block
        while true {
            var status: Int32 = Z_OK
            let unused = ZlibOutput.fill(&output, count: chunk) { next, available in
                stream.pointee.next_out = next
                stream.pointee.avail_out = available
                status = deflate(stream, Z_SYNC_FLUSH)
                return stream.pointee.avail_out
            }
            // Z_BUF_ERROR: the previous call filled the buffer exactly and completed the flush; nothing was left.
            precondition(status == Z_OK || status == Z_BUF_ERROR, "deflate failed: \(status)")
            if unused > 0 { break }  // zlib: a flush is complete once deflate leaves output space unused
            chunk = 256
        }
        precondition(stream.pointee.avail_in == 0, "deflate left input behind")
        stream.pointee.next_in = nil
        stream.pointee.next_out = nil
        let end = output.count
        precondition(
            end - start >= 4 && output[end - 4] == 0x00 && output[end - 3] == 0x00 && output[end - 2] == 0xFF && output[end - 1] == 0xFF,
            "no sync flush tail"
        )
        output.removeLast(4)
    }
}

/// Growing a `[UInt8]` by uninitialized capacity that zlib writes into (no zero fill, geometric growth).
enum ZlibOutput {
    /// Offers `count` uninitialized bytes at the end of `output` to `body` and keeps the ones it wrote.
    /// - Parameters:
    ///   - output: the array to grow.
    ///   - count: how many bytes to offer.
    ///   - body: gets the first new byte and `count`; returns how many bytes at the end it left unused.
    /// - Returns: the number of bytes offered but left unused.
    @inline(__always)
    static func fill(
        _ output: inout [UInt8],
        count: Int,
        _ body: (UnsafeMutablePointer<UInt8>, UInt32) -> UInt32
    ) -> Int {
        var unused = 0
        output.append(addingCapacity: count) { span in
            span.withUnsafeMutableBufferPointer { buffer, initializedCount in
                unused = Int(body(buffer.baseAddress! + initializedCount, UInt32(count)))
                initializedCount += count - unused
            }
        }
        return unused
    }
}
