/// One connection's permessage-deflate state (RFC 7692 §7.2): the agreed parameters and, only where context takeover
/// is in force for a direction, that direction's own zlib stream.
///
/// Without context takeover a direction borrows a stream from the loop's `DeflateStreamPool` for each message, so an
/// idle connection holds no zlib memory at all. With it, the connection keeps its stream for life: a compressor costs
/// ~142 KB at 15 window bits (memLevel 4, see `DeflateStreamPool.ownedMemoryLevel`), a decompressor ~7 KB plus its
/// window (32 KB at 15 bits). Loop-confined like its pool; do not copy a session that holds a stream (copies share it).
package struct PerMessageDeflateSession {
    /// Which end of the connection this session compresses for.
    package enum Role: Sendable {
        /// Compresses with the server parameters, inflates with the client ones.
        case server
        /// Compresses with the client parameters, inflates with the server ones.
        case client
    }

    /// The agreed parameters.
    package let parameters: PerMessageDeflateParameters
    /// This end's role.
    package let role: Role
    /// zlib level used for outgoing messages.
    package let compressionLevel: Int32
    /// Outgoing messages shorter than this go uncompressed.
    package let compressionThreshold: Int

    /// The context-takeover compressor; nil until the first message or when outgoing messages have no takeover.
    private var ownedDeflater: RawDeflateStream?
    /// The context-takeover decompressor, or a pooled one lent for the duration of one fragmented message.
    private var inflater: RawInflateStream?
    /// Bytes inflated so far for the message in progress.
    private var inflatedInMessage = 0

    /// RFC 7692 §7.2.2: the tail removed by the sender, appended before inflating.
    private static let syncFlushTail: [UInt8] = [0x00, 0x00, 0xFF, 0xFF]

    /// Creates a session.
    /// - Parameters:
    ///   - parameters: the negotiated parameters.
    ///   - role: which end this is; the server by default.
    ///   - compressionLevel: the zlib level 1...9 for outgoing messages.
    ///   - compressionThreshold: outgoing messages shorter than this stay uncompressed.
    package init(parameters: PerMessageDeflateParameters, role: Role = .server, compressionLevel: Int = 1, compressionThreshold: Int = 64) {
        precondition((1...9).contains(compressionLevel), "compression level must be 1...9")
        self.parameters = parameters
        self.role = role
        self.compressionLevel = Int32(compressionLevel)
        self.compressionThreshold = compressionThreshold
    }

    /// Creates a server session from the negotiated parameters and the server's configuration.
    /// - Parameters:
    ///   - parameters: the result of `PerMessageDeflateNegotiation.negotiate`.
    ///   - configuration: supplies the level and the threshold.
    package init(parameters: PerMessageDeflateParameters, configuration: PerMessageDeflateConfiguration) {
        self.init(
            parameters: parameters,
            role: .server,
            compressionLevel: configuration.compressionLevel,
            compressionThreshold: configuration.compressionThreshold
        )
    }

    /// Whether outgoing messages reset the compression context each time.
    package var outgoingNoContextTakeover: Bool {
        role == .server ? parameters.serverNoContextTakeover : parameters.clientNoContextTakeover
    }

    /// The window outgoing messages are compressed with: the agreed one, 9 for an agreed 8 (zlib's 9-bit streams
    /// never reach back more than 250 bytes, so they honour an agreed 8).
    package var outgoingWindowBits: Int {
        PerMessageDeflateParameters.deflateWindowBits(forAgreed: role == .server ? parameters.serverMaxWindowBits : parameters.clientMaxWindowBits)
    }

    /// Whether incoming messages reset the compression context each time.
    package var incomingNoContextTakeover: Bool {
        role == .server ? parameters.clientNoContextTakeover : parameters.serverNoContextTakeover
    }

    /// The window of this end's own context-takeover decompressor: the peer's agreed window, but at least 9, because
    /// zlib before 1.2.9 silently compressed with 9 bits when asked for 8.
    private var incomingWindowBits: Int {
        max(9, role == .server ? parameters.clientMaxWindowBits : parameters.serverMaxWindowBits)
    }

    /// Whether the session holds a zlib stream right now (an idle no-context-takeover session never does).
    package var holdsStream: Bool { ownedDeflater != nil || inflater != nil }

    /// Whether an outgoing message of `byteCount` bytes is worth compressing.
    /// - Parameter byteCount: the message size.
    /// - Returns: true at or above the threshold.
    package func shouldCompress(byteCount: Int) -> Bool { byteCount >= compressionThreshold }

    // MARK: - Compression

    /// Compresses one whole outgoing message and appends its payload (RFC 7692 §7.2.1); the frame carrying it sets RSV1.
    ///
    /// With context takeover the payload must be sent: the peer's window has to see every byte this compressor saw.
    /// - Parameters:
    ///   - message: the uncompressed message.
    ///   - pool: the loop's pool, lending a compressor when there is no context takeover.
    ///   - output: the payload is appended here.
    package mutating func compress(_ message: UnsafeRawBufferPointer, pool: DeflateStreamPool, into output: inout [UInt8]) {
        if outgoingNoContextTakeover {
            Self.compressOnce(message, windowBits: outgoingWindowBits, level: compressionLevel, pool: pool, into: &output)
            return
        }
        let deflater =
            ownedDeflater
            ?? RawDeflateStream(windowBits: outgoingWindowBits, level: compressionLevel, memoryLevel: DeflateStreamPool.ownedMemoryLevel)
        ownedDeflater = deflater
        deflater.compressMessage(message, into: &output)
    }

    /// Compresses a message on its own (no context takeover), for a broadcast: the same payload serves every client
    /// whose agreed parameters have `serverNoContextTakeover` and this window.
    /// - Parameters:
    ///   - message: the uncompressed message.
    ///   - windowBits: the agreed server window, 8...15 (8 and 9 give the same bytes).
    ///   - level: the zlib level, 1...9.
    ///   - pool: the loop's pool.
    /// - Returns: the compressed payload.
    package static func compressOnce(_ message: UnsafeRawBufferPointer, windowBits: Int, level: Int32, pool: DeflateStreamPool) -> [UInt8] {
        var output: [UInt8] = []
        compressOnce(message, windowBits: windowBits, level: level, pool: pool, into: &output)
        return output
    }

    /// Compresses a message on its own (no context takeover) and appends the payload.
    /// - Parameters:
    ///   - message: the uncompressed message.
    ///   - windowBits: the agreed server window, 8...15 (8 and 9 give the same bytes).
    ///   - level: the zlib level, 1...9.
    ///   - pool: the loop's pool.
    ///   - output: the payload is appended here.
    package static func compressOnce(
        _ message: UnsafeRawBufferPointer,
        windowBits: Int,
        level: Int32,
        pool: DeflateStreamPool,
        into output: inout [UInt8]
    ) {
        let deflater = pool.borrowDeflater(windowBits: PerMessageDeflateParameters.deflateWindowBits(forAgreed: windowBits), level: level)
        deflater.compressMessage(message, into: &output)
        pool.giveBack(deflater)
    }

    // MARK: - Decompression

    /// Inflates an incoming compressed message (RSV1 set on its first frame), whole or one fragment at a time
    /// (RFC 7692 §7.2.2: append 00 00 ff ff to the message, then inflate).
    ///
    /// Output grows in bounded chunks and stops as soon as the message passes `maxSize`, so a decompression bomb costs at
    /// most about `maxSize` bytes of memory. After a throw the connection must be failed: `.tooLarge` → close 1009,
    /// `.corrupt` → 1007 (see `DeflateError.closeCode`).
    /// - Parameters:
    ///   - payload: the message's payload, or the payload of one of its frames in order.
    ///   - isFinalFragment: true for the last (or only) frame of the message.
    ///   - pool: the loop's pool, lending a decompressor when there is no context takeover.
    ///   - maxSize: the most bytes the whole inflated message may have.
    ///   - output: the inflated bytes are appended here (partial output is left behind on a throw).
    /// - Throws: `DeflateError`.
    package mutating func decompress(
        _ payload: UnsafeRawBufferPointer,
        isFinalFragment: Bool = true,
        pool: DeflateStreamPool,
        maxSize: Int,
        into output: inout [UInt8]
    ) throws(DeflateError) {
        let takeover = !incomingNoContextTakeover
        let stream = inflater ?? (takeover ? RawInflateStream(windowBits: incomingWindowBits) : pool.borrowInflater())
        inflater = stream
        do throws(DeflateError) {
            inflatedInMessage += try stream.inflate(payload, limit: max(0, maxSize - inflatedInMessage), into: &output)
            if isFinalFragment {
                let limit = max(0, maxSize - inflatedInMessage)
                let tailResult = Self.syncFlushTail.withUnsafeBytes { tail -> Result<Int, DeflateError> in
                    do throws(DeflateError) {
                        return .success(try stream.inflate(tail, limit: limit, into: &output))
                    } catch {
                        return .failure(error)
                    }
                }
                inflatedInMessage += try tailResult.get()
            }
        } catch {
            // The connection is failing; leave no half-inflated state behind.
            stream.reset()
            endMessage(stream, takeover: takeover, pool: pool)
            throw error
        }
        if isFinalFragment { endMessage(stream, takeover: takeover, pool: pool) }
    }

    /// Ends a message: keeps the owned stream (carrying its window past a BFINAL block) or gives the lent one back.
    private mutating func endMessage(_ stream: RawInflateStream, takeover: Bool, pool: DeflateStreamPool) {
        inflatedInMessage = 0
        if takeover {
            stream.restartKeepingWindow()
        } else {
            inflater = nil
            pool.giveBack(stream)
        }
    }
}

/// Loop-thread confined, like the pool whose streams it borrows.
@available(*, unavailable) extension PerMessageDeflateSession: Sendable {}
