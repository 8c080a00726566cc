import COpenSSL
import Glibc
import SwitchboardSync

/// The server's TLS settings loaded into an OpenSSL `SSL_CTX`, shared by every event loop; reloadable for SIGHUP.
///
/// Sendable through a lock around the current `SSL_CTX` pointer. That is safe because:
/// - a published `SSL_CTX` is never mutated by this type again (every setting is applied before the swap), and
///   OpenSSL documents concurrent `SSL_new` on one `SSL_CTX` as thread-safe (its refcount, session and ticket
///   state have their own locks);
/// - the lock covers only loading the pointer plus `SSL_CTX_up_ref` (in `retainCurrent`) and the swap in `reload`,
///   so a reload can never free the context between another thread reading the pointer and taking its reference;
/// - every `SSL` holds its own reference, so sessions made before a reload keep the old context alive until they end.
public final class TLSContext: Sendable {
    /// The configuration this context was loaded from (`reload` re-reads the same paths).
    public let configuration: TLSConfiguration
    /// The context handed to new sessions; this object owns one reference to it.
    private let current: Locked<ContextPointer>

    /// An owned `SSL_CTX` reference that may cross threads.
    // Safe to mark Sendable: a published SSL_CTX is never mutated by this type, and OpenSSL makes SSL_new,
    // SSL_CTX_up_ref and SSL_CTX_free on a shared SSL_CTX thread-safe (atomic refcount, internal locks).
    private struct ContextPointer: @unchecked Sendable {
        var raw: OpaquePointer
    }

    /// Loads the certificate chain and key and builds the server context.
    /// - Parameter configuration: paths and protocol settings.
    /// - Throws: `TLSError.fileNotFound`, `.fileUnreadable`, `.invalidCertificate`, `.invalidPrivateKey`,
    ///   `.keyMismatch` or `.contextSetupFailed`.
    public init(configuration: TLSConfiguration) throws(TLSError) {
        self.configuration = configuration
        self.current = Locked(ContextPointer(raw: try Self.makeContext(configuration)))
    }

    deinit {
        current.withLock { SSL_CTX_free($0.raw) }
    }

    /// Re-reads the certificate and key files and uses them for new sessions; existing sessions are untouched.
    ///
    /// On failure the previous context stays in use, so a bad file dropped in place before a SIGHUP does not
    /// take the server down.
    /// - Throws: the same errors as `init(configuration:)`.
    public func reload() throws(TLSError) {
        let fresh = ContextPointer(raw: try Self.makeContext(configuration))
        let old = current.withLock { pointer in
            let old = pointer
            pointer = fresh
            return old
        }
        SSL_CTX_free(old.raw)  // the old one: drops only our reference; sessions still using it hold their own
    }

    /// Returns the current context with one extra reference that the caller must release with `SSL_CTX_free`.
    func retainCurrent() -> OpaquePointer {
        current.withLock { pointer in
            SSL_CTX_up_ref(pointer.raw)
            return pointer.raw
        }
    }

    // MARK: - Building an SSL_CTX

    /// Builds a fully configured server `SSL_CTX` (one reference, owned by the caller).
    private static func makeContext(_ configuration: TLSConfiguration) throws(TLSError) -> OpaquePointer {
        ERR_clear_error()
        guard let ctx = SSL_CTX_new(TLS_server_method()) else {
            throw .contextSetupFailed(reason: TLSError.drainOpenSSLErrors())
        }
        do {
            try configureProtocol(ctx, configuration)
            try loadCredentials(ctx, configuration)
            return ctx
        } catch {
            SSL_CTX_free(ctx)
            throw error
        }
    }

    /// Versions, ciphers, options, modes and ALPN.
    private static func configureProtocol(_ ctx: OpaquePointer, _ configuration: TLSConfiguration) throws(TLSError) {
        func check(_ ok: Bool, _ what: String) throws(TLSError) {
            if !ok { throw .contextSetupFailed(reason: "\(what): \(TLSError.drainOpenSSLErrors())") }
        }
        try check(configuration.minimumVersion <= configuration.maximumVersion, "minimum version above maximum")
        try check(cshim_ssl_ctx_set_min_proto(ctx, configuration.minimumVersion.openSSLValue) == 1, "minimum version")
        try check(cshim_ssl_ctx_set_max_proto(ctx, configuration.maximumVersion.openSSLValue) == 1, "maximum version")
        try check(SSL_CTX_set_cipher_list(ctx, configuration.cipherList) == 1, "cipher list")
        try check(SSL_CTX_set_ciphersuites(ctx, configuration.cipherSuites) == 1, "TLS 1.3 cipher suites")
        // No renegotiation (CVE-2009-3555 class, and a DoS lever); no compression (CRIME). Tickets stay on
        // (SSL_OP_NO_TICKET is not set), so resumption is stateless and the server-side cache can be off,
        // which keeps per-connection sessions out of a process-wide cache.
        _ = cshim_ssl_ctx_set_options(ctx, cshim_ssl_op_no_renegotiation() | cshim_ssl_op_no_compression())
        _ = cshim_ssl_ctx_set_session_cache_off(ctx)
        // Frees the 16 KiB+ record buffers while a connection is idle.
        _ = cshim_ssl_ctx_set_mode(ctx, Int(SSL_MODE_RELEASE_BUFFERS))
        let wire = configuration.alpnWireFormat
        if !wire.isEmpty {
            try installALPN(ctx, wire: wire)
        }
    }

    /// Attaches the server's ALPN list to the context (freed with it through ex_data) and the selection callback.
    private static func installALPN(_ ctx: OpaquePointer, wire: [UInt8]) throws(TLSError) {
        let header = MemoryLayout<Int>.size
        guard alpnExDataIndex >= 0, let storage = malloc(header + wire.count) else {
            throw .contextSetupFailed(reason: "ALPN: \(TLSError.drainOpenSSLErrors(fallback: "out of memory"))")
        }
        // Layout: the list's byte count as an Int, then the wire-format list (read by tlsSelectALPN).
        storage.storeBytes(of: wire.count, as: Int.self)
        wire.withUnsafeBytes { (storage + header).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        guard SSL_CTX_set_ex_data(ctx, alpnExDataIndex, storage) == 1 else {
            free(storage)
            throw .contextSetupFailed(reason: "ALPN: \(TLSError.drainOpenSSLErrors())")
        }
        SSL_CTX_set_alpn_select_cb(ctx, tlsSelectALPN, storage)
    }

    /// Certificate chain, private key, and the check that they belong together.
    private static func loadCredentials(_ ctx: OpaquePointer, _ configuration: TLSConfiguration) throws(TLSError) {
        let certificatePath = configuration.certificateChainPath
        let keyPath = configuration.privateKeyPath
        try checkReadable(certificatePath)
        try checkReadable(keyPath)
        ERR_clear_error()
        guard SSL_CTX_use_certificate_chain_file(ctx, certificatePath) == 1 else {
            throw .invalidCertificate(path: certificatePath, reason: TLSError.drainOpenSSLErrors())
        }
        // Parse the key on its own first so "not a key" and "the wrong key" are told apart:
        // SSL_CTX_use_PrivateKey_file would report both as a load failure.
        guard let file = BIO_new_file(keyPath, "r") else {
            throw .fileUnreadable(path: keyPath, reason: TLSError.drainOpenSSLErrors())
        }
        let key = PEM_read_bio_PrivateKey(file, nil, tlsRefusePassphrase, nil)
        BIO_free(file)
        guard let key else {
            throw .invalidPrivateKey(path: keyPath, reason: TLSError.drainOpenSSLErrors(fallback: "no private key found"))
        }
        defer { EVP_PKEY_free(key) }
        guard SSL_CTX_use_PrivateKey(ctx, key) == 1, SSL_CTX_check_private_key(ctx) == 1 else {
            throw .keyMismatch(certificatePath: certificatePath, keyPath: keyPath, reason: TLSError.drainOpenSSLErrors())
        }
    }

    /// Distinguishes a missing file from an unreadable one before OpenSSL's less specific errors.
    private static func checkReadable(_ path: String) throws(TLSError) {
        if access(path, R_OK) == 0 { return }
        let code = errno
        if code == ENOENT { throw .fileNotFound(path: path) }
        throw .fileUnreadable(path: path, reason: String(cString: strerror(code)))
    }
}

/// The ex_data slot that owns each context's ALPN list; OpenSSL calls the free function in `SSL_CTX_free`,
/// so the list lives exactly as long as the context (including after a reload, while old sessions remain).
private let alpnExDataIndex: Int32 = cshim_ssl_ctx_set_ex_data_index { _, pointer, _, _, _, _ in free(pointer) }

/// Encrypted keys are not supported: a passphrase prompt on a server's terminal would hang startup.
private func tlsRefusePassphrase(_: UnsafeMutablePointer<CChar>?, _: Int32, _: Int32, _: UnsafeMutableRawPointer?) -> Int32 {
    -1
}

/// ALPN selection (RFC 7301 §3.2): the first server-preferred protocol the client also offers.
/// When there is no overlap the server continues without ALPN (returns NOACK) instead of sending
/// `no_application_protocol`; RFC 7301 §3.2 allows either, and plain HTTP/1.1 clients then still work.
private func tlsSelectALPN(
    _: OpaquePointer?, _ out: UnsafeMutablePointer<UnsafePointer<UInt8>?>?, _ outLength: UnsafeMutablePointer<UInt8>?,
    _ offered: UnsafePointer<UInt8>?, _ offeredLength: UInt32, _ argument: UnsafeMutableRawPointer?
) -> Int32 {
    guard let out, let outLength, let offered, let argument else { return SSL_TLSEXT_ERR_NOACK }
    let serverCount = argument.load(as: Int.self)
    let server = UnsafeBufferPointer(start: (argument + MemoryLayout<Int>.size).assumingMemoryBound(to: UInt8.self), count: serverCount)
    let client = UnsafeBufferPointer(start: offered, count: Int(offeredLength))
    var serverIndex = 0
    while serverIndex < server.count {
        let wantedEnd = min(server.count, serverIndex + 1 + Int(server[serverIndex]))
        let wanted = UnsafeBufferPointer(rebasing: server[(serverIndex + 1)..<wantedEnd])
        var clientIndex = 0
        while clientIndex < client.count {
            let length = Int(client[clientIndex])
            let start = clientIndex + 1
            guard start + length <= client.count else { break }  // malformed list: stop, no match
            if length == wanted.count && elementsEqual(client, from: start, wanted) {
                // OpenSSL copies the selection, so pointing into the client's list is allowed.
                out.pointee = offered.advanced(by: start)
                outLength.pointee = UInt8(length)
                return SSL_TLSEXT_ERR_OK
            }
            clientIndex = start + length
        }
        serverIndex += 1 + Int(server[serverIndex])
    }
    return SSL_TLSEXT_ERR_NOACK
}

/// Whether `buffer[start..<start + other.count]` equals `other`.
private func elementsEqual(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, _ other: UnsafeBufferPointer<UInt8>) -> Bool {
    for index in 0..<other.count where buffer[start + index] != other[index] { return false }
    return true
}
