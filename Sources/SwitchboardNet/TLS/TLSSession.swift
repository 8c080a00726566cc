import COpenSSL

/// One server-side TLS connection over two memory BIOs: ciphertext in and out, plaintext in and out, no socket.
///
/// The event loop owns the socket and drives this like a codec:
/// - read path: socket bytes → `feed` → `read(into:)` until `.wantMore` (HTTP/WebSocket parse the plaintext);
///   then, since reading may have produced handshake records, session tickets or alerts, `drainCiphertext`
///   and write it if `hasPendingCiphertext`.
/// - write path: `write` plaintext (returns 0 until `isHandshakeComplete`; keep it queued until then),
///   then `drainCiphertext` and write everything with one syscall.
/// - close: on `.closed` call `shutdown()`, drain, write, close the socket; on `.failed` drain (the alert), write, close.
///   To close first, `shutdown()`, drain, write; the loop may close the socket without waiting for the peer's reply.
///
/// Not Sendable: it belongs to the loop thread of its connection (OpenSSL's error queue is per thread, too).
public struct TLSSession: ~Copyable {
    /// Above this many bytes buffered at once, a memory BIO is replaced by a fresh one once it is empty again,
    /// so an idle connection does not keep the capacity a 1 MB burst grew it to.
    static let bioReleaseThreshold = 16 * 1024

    private let ssl: OpaquePointer
    /// Ciphertext from the peer (owned by `ssl`).
    private var readBIO: OpaquePointer
    /// Ciphertext for the peer (owned by `ssl`).
    private var writeBIO: OpaquePointer
    /// The most bytes `readBIO` / `writeBIO` held since it was last replaced. They start at `.max` so that both
    /// are also replaced once after the handshake (its flights grew them; about 1.5 KB per idle session).
    private var readBIOPeak = Int.max
    private var writeBIOPeak = Int.max
    private var failure: TLSError?
    private var peerClosed = false
    private var shutdownSent = false

    /// Creates a server-side session on the context's current certificate (a later reload does not affect it).
    /// - Parameter context: the shared server context.
    /// - Throws: `TLSError.sessionSetupFailed` when OpenSSL cannot allocate the objects.
    public init(context: TLSContext) throws(TLSError) {
        ERR_clear_error()
        let ctx = context.retainCurrent()
        defer { SSL_CTX_free(ctx) }  // SSL_new takes its own reference
        guard let ssl = SSL_new(ctx) else { throw .sessionSetupFailed(reason: TLSError.drainOpenSSLErrors()) }
        guard let readBIO = Self.makeMemoryBIO() else {
            SSL_free(ssl)
            throw .sessionSetupFailed(reason: TLSError.drainOpenSSLErrors())
        }
        guard let writeBIO = Self.makeMemoryBIO() else {
            BIO_free(readBIO)
            SSL_free(ssl)
            throw .sessionSetupFailed(reason: TLSError.drainOpenSSLErrors())
        }
        SSL_set_bio(ssl, readBIO, writeBIO)
        SSL_set_accept_state(ssl)
        self.ssl = ssl
        self.readBIO = readBIO
        self.writeBIO = writeBIO
    }

    deinit {
        SSL_free(ssl)  // frees both BIOs and drops this session's reference to its SSL_CTX
    }

    // MARK: - Ciphertext in, plaintext out

    /// Hands ciphertext read from the socket to the session; call `read(into:)` afterwards.
    /// - Parameter ciphertext: bytes exactly as received; any split is fine (even one byte at a time).
    public mutating func feed(_ ciphertext: UnsafeRawBufferPointer) {
        guard let base = ciphertext.baseAddress, failure == nil else { return }
        var written = 0
        if BIO_write_ex(readBIO, base, ciphertext.count, &written) != 1 || written != ciphertext.count {
            failure = .connectionFailed(reason: TLSError.drainOpenSSLErrors(fallback: "out of memory buffering ciphertext"))
            return
        }
        readBIOPeak = max(readBIOPeak, cshim_bio_ctrl_pending(readBIO))
    }

    /// Decrypts buffered ciphertext into `buffer`, driving the handshake first when it is not complete.
    /// - Parameter buffer: destination for plaintext; must not be empty.
    /// - Returns: `.bytes(n)` (call again: more may be buffered), `.wantMore`, `.closed` or `.failed`.
    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) -> TLSReadResult {
        precondition(buffer.count > 0, "TLSSession.read needs a non-empty buffer")
        if let failure { return .failed(failure) }
        if peerClosed { return .closed }
        ERR_clear_error()
        // Sampled before the call: a fatal alert takes the SSL out of the "finished" state.
        let establishedBefore = isHandshakeComplete
        var count = 0
        let ok = SSL_read_ex(ssl, buffer.baseAddress, buffer.count, &count)
        if ok == 1 { return .bytes(count) }
        switch SSL_get_error(ssl, ok) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            _ = TLSError.drainOpenSSLErrors()
            if readBIOPeak > Self.bioReleaseThreshold && cshim_bio_ctrl_pending(readBIO) == 0 && isHandshakeComplete {
                replaceEmptyReadBIO()
            }
            return .wantMore
        case SSL_ERROR_ZERO_RETURN:
            _ = TLSError.drainOpenSSLErrors()
            peerClosed = true
            return .closed
        default:
            let reason = TLSError.drainOpenSSLErrors(fallback: "connection failed")
            let error: TLSError = establishedBefore ? .connectionFailed(reason: reason) : .handshakeFailed(reason: reason)
            failure = error
            return .failed(error)
        }
    }

    // MARK: - Plaintext in, ciphertext out

    /// Encrypts plaintext into records waiting in the outgoing buffer; `drainCiphertext` collects them.
    ///
    /// With memory BIOs nothing ever blocks, so once the handshake is complete every byte is accepted.
    /// Before that nothing is queued and 0 is returned: the caller keeps its plaintext and retries when
    /// `isHandshakeComplete` turns true. Also 0 after `shutdown()`, close_notify from the peer, or a failure.
    /// - Parameter plaintext: the bytes to send.
    /// - Returns: the number of bytes accepted (all of them, or 0).
    public mutating func write(_ plaintext: UnsafeRawBufferPointer) -> Int {
        guard let base = plaintext.baseAddress, failure == nil, !shutdownSent, !peerClosed, isHandshakeComplete else { return 0 }
        ERR_clear_error()
        var written = 0
        if SSL_write_ex(ssl, base, plaintext.count, &written) != 1 {
            failure = .connectionFailed(reason: TLSError.drainOpenSSLErrors(fallback: "write failed"))
            return 0
        }
        return written
    }

    /// Whether ciphertext (handshake records, alerts, application data, close_notify) waits to be sent.
    public var hasPendingCiphertext: Bool {
        cshim_bio_ctrl_pending(writeBIO) > 0
    }

    /// Appends every byte of pending ciphertext to `output`, for the loop to send with one write.
    /// - Parameter output: the connection's outbound byte buffer.
    public mutating func drainCiphertext(into output: inout [UInt8]) {
        let pending = cshim_bio_ctrl_pending(writeBIO)
        guard pending > 0 else { return }
        writeBIOPeak = max(writeBIOPeak, pending)
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: pending))
        var read = 0
        _ = output.withUnsafeMutableBytes { bytes in
            BIO_read_ex(writeBIO, bytes.baseAddress! + start, pending, &read)
        }
        if read < pending { output.removeLast(pending - read) }
        if writeBIOPeak > Self.bioReleaseThreshold && cshim_bio_ctrl_pending(writeBIO) == 0 && isHandshakeComplete {
            replaceEmptyWriteBIO()
        }
    }

    /// Queues close_notify (RFC 8446 §6.1); drain and send it, then close the socket.
    ///
    /// Does nothing before the handshake completed or after a failure: there is no secure channel to close.
    public mutating func shutdown() {
        guard failure == nil, !shutdownSent, isHandshakeComplete else { return }
        ERR_clear_error()
        _ = SSL_shutdown(ssl)  // 0: sent ours, the peer's not seen yet; 1: both done. Either way ours is queued.
        _ = TLSError.drainOpenSSLErrors()
        shutdownSent = true
    }

    // MARK: - Negotiated parameters

    /// Whether the handshake has finished (the loop then cancels its handshake timer and flushes queued writes).
    public var isHandshakeComplete: Bool {
        SSL_is_init_finished(ssl) == 1
    }

    /// The negotiated protocol version, e.g. `"TLSv1.3"`; nil until the handshake completes.
    public var negotiatedProtocol: String? {
        guard isHandshakeComplete, let name = SSL_get_version(ssl) else { return nil }
        return String(cString: name)
    }

    /// The ALPN protocol selected for this connection, e.g. `"http/1.1"`; nil when none was agreed.
    public var alpn: String? {
        var data: UnsafePointer<UInt8>?
        var length: UInt32 = 0
        SSL_get0_alpn_selected(ssl, &data, &length)
        guard let data, length > 0 else { return nil }
        return String(decoding: UnsafeBufferPointer(start: data, count: Int(length)), as: UTF8.self)
    }

    /// The host name the client sent in SNI (RFC 6066 §3), once the ClientHello was read; any name is accepted.
    public var serverName: String? {
        guard let name = cshim_ssl_get_servername(ssl) else { return nil }
        return String(cString: name)
    }

    // MARK: - Memory

    private static func makeMemoryBIO() -> OpaquePointer? {
        guard let bio = BIO_new(BIO_s_mem()) else { return nil }
        _ = cshim_bio_set_mem_eof_return(bio, -1)  // empty means "retry later", not end of stream
        return bio
    }

    /// Swaps the (empty) incoming BIO for a fresh one, returning its grown buffer to the allocator.
    private mutating func replaceEmptyReadBIO() {
        guard let fresh = Self.makeMemoryBIO() else { return }
        SSL_set0_rbio(ssl, fresh)  // frees the old one
        readBIO = fresh
        readBIOPeak = 0
    }

    /// Swaps the (empty) outgoing BIO for a fresh one, returning its grown buffer to the allocator.
    private mutating func replaceEmptyWriteBIO() {
        guard let fresh = Self.makeMemoryBIO() else { return }
        SSL_set0_wbio(ssl, fresh)  // frees the old one
        writeBIO = fresh
        writeBIOPeak = 0
    }
}

@available(*, unavailable)
extension TLSSession: Sendable {}
