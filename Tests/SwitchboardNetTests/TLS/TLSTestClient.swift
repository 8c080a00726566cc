import COpenSSL
@testable import SwitchboardNet

/// A TLS client made with OpenSSL directly over memory BIOs, talking to a `TLSSession` through `TLSTestPipe`.
final class TLSTestClient {
    /// Client knobs; nil leaves OpenSSL's default.
    struct Options {
        var minimumVersion: Int32?
        var maximumVersion: Int32?
        var cipherList: String?
        var alpn: [String]?
        var serverName: String? = "switchboard.test"
    }

    let context: OpaquePointer
    let ssl: OpaquePointer
    let readBIO: OpaquePointer
    let writeBIO: OpaquePointer
    /// Plaintext received from the server.
    var received: [UInt8] = []
    /// Whether the server's close_notify arrived.
    var sawCloseNotify = false
    /// OpenSSL's reason when the client failed (for example `"tlsv1 alert protocol version"`).
    var failureReason: String?

    init(_ options: Options = Options()) {
        context = SSL_CTX_new(TLS_client_method())!
        if let version = options.minimumVersion { _ = cshim_ssl_ctx_set_min_proto(context, version) }
        if let version = options.maximumVersion { _ = cshim_ssl_ctx_set_max_proto(context, version) }
        if let list = options.cipherList { _ = SSL_CTX_set_cipher_list(context, list) }
        if let alpn = options.alpn {
            var wire: [UInt8] = []
            for name in alpn { wire.append(UInt8(name.utf8.count)); wire.append(contentsOf: name.utf8) }
            _ = SSL_CTX_set_alpn_protos(context, wire, UInt32(wire.count))
        }
        ssl = SSL_new(context)!
        readBIO = BIO_new(BIO_s_mem())!
        writeBIO = BIO_new(BIO_s_mem())!
        _ = cshim_bio_set_mem_eof_return(readBIO, -1)
        SSL_set_bio(ssl, readBIO, writeBIO)
        SSL_set_connect_state(ssl)
        if let name = options.serverName { _ = cshim_ssl_set_tlsext_host_name(ssl, name) }
    }

    deinit {
        SSL_free(ssl)
        SSL_CTX_free(context)
    }

    /// Whether the client finished its handshake.
    var isHandshakeComplete: Bool { SSL_is_init_finished(ssl) == 1 }

    /// Advances the handshake or reads application data; records plaintext, close_notify and failures.
    func step() {
        guard failureReason == nil else { return }
        ERR_clear_error()
        if !isHandshakeComplete {
            let result = SSL_do_handshake(ssl)
            if result != 1 { record(SSL_get_error(ssl, result)); return }
        }
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            var count = 0
            let ok = SSL_read_ex(ssl, &buffer, buffer.count, &count)
            if ok == 1 { received.append(contentsOf: buffer[0..<count]); continue }
            record(SSL_get_error(ssl, ok))
            return
        }
    }

    private func record(_ error: Int32) {
        switch error {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE: break
        case SSL_ERROR_ZERO_RETURN: sawCloseNotify = true
        default: failureReason = TLSError.drainOpenSSLErrors(fallback: "client error \(error)")
        }
        ERR_clear_error()
    }

    /// Ciphertext from the server.
    func feed(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        _ = bytes.withUnsafeBytes { BIO_write(readBIO, $0.baseAddress, Int32($0.count)) }
    }

    /// Ciphertext for the server.
    func drain() -> [UInt8] {
        let pending = cshim_bio_ctrl_pending(writeBIO)
        guard pending > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: pending)
        _ = BIO_read(writeBIO, &bytes, Int32(pending))
        return bytes
    }

    /// Encrypts plaintext for the server (the handshake must be complete).
    func write(_ bytes: [UInt8]) {
        var written = 0
        _ = SSL_write_ex(ssl, bytes, bytes.count, &written)
    }

    /// Queues the client's close_notify.
    func shutdown() { _ = SSL_shutdown(ssl) }

    /// The protocol version the client negotiated.
    var version: String { String(cString: SSL_get_version(ssl)) }

    /// The server certificate's serial number and subject.
    var peerCertificate: (serial: Int, subject: String)? {
        guard let certificate = SSL_get1_peer_certificate(ssl) else { return nil }
        defer { X509_free(certificate) }
        let serial = ASN1_INTEGER_get(X509_get_serialNumber(certificate))
        var buffer = [CChar](repeating: 0, count: 256)
        X509_NAME_oneline(X509_get_subject_name(certificate), &buffer, Int32(buffer.count))
        return (serial, String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }
}

/// Shuttles bytes between a `TLSTestClient` and a `TLSSession` in memory, as the event loop would over a socket.
struct TLSTestPipe {
    /// Plaintext the server read.
    var serverReceived: [UInt8] = []
    /// The server's last non-`.bytes` read result.
    var serverLast: TLSReadResult = .wantMore
    /// Bytes per `feed` into the server (1 feeds one byte at a time).
    var chunk = Int.max
    /// The server read buffer size.
    var readBufferSize = 16_384

    /// Runs rounds until no side has bytes to move (or `rounds` ran out).
    /// - Parameter clientBytesLimit: stop forwarding client ciphertext after this many bytes (a truncated client).
    mutating func run(_ client: TLSTestClient, _ server: inout TLSSession, rounds: Int = 100, clientBytesLimit: Int = .max) {
        var forwarded = 0
        for _ in 0..<rounds {
            client.step()
            var toServer = client.drain()
            if forwarded + toServer.count > clientBytesLimit { toServer = Array(toServer.prefix(max(0, clientBytesLimit - forwarded))) }
            forwarded += toServer.count
            var index = 0
            repeat {
                let end = min(toServer.count, index + max(1, min(chunk, toServer.count)))
                toServer[index..<end].withUnsafeBytes { server.feed($0) }
                readAll(&server)
                index = end
            } while index < toServer.count
            var toClient: [UInt8] = []
            server.drainCiphertext(into: &toClient)
            client.feed(toClient)
            client.step()
            if toServer.isEmpty && toClient.isEmpty && cshim_bio_ctrl_pending(client.writeBIO) == 0 { return }
        }
    }

    /// Reads from the server until it wants more ciphertext (or closes/fails).
    mutating func readAll(_ server: inout TLSSession) {
        var buffer = [UInt8](repeating: 0, count: readBufferSize)
        while true {
            let result = buffer.withUnsafeMutableBytes { server.read(into: $0) }
            guard case .bytes(let count) = result else { serverLast = result; return }
            serverReceived.append(contentsOf: buffer[0..<count])
        }
    }
}
