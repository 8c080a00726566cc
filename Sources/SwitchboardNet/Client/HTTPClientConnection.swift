import COpenSSL
import CSwitchboard
import Glibc

/// One client connection (plain TCP or TLS over OpenSSL on the socket) with a deadline on every wait: a non-blocking
/// socket and `poll(2)`, so a connect, a TLS handshake or a response that stalls ends at its timeout.
///
/// Used by one thread at a time: `HTTPClient` hands an idle connection to exactly one exchange.
final class HTTPClientConnection {
    private let fd: Int32
    private var ssl: OpaquePointer?
    private var readBuffer = [UInt8](repeating: 0, count: 16 * 1024)
    /// Whether the last response allowed another request on this connection.
    private(set) var reusable = false
    /// Exchanges completed on it (0: new; a failure on a reused connection may just be the server's idle close).
    private(set) var exchanges = 0

    private init(fd: Int32) { self.fd = fd }

    /// Milliseconds of CLOCK_MONOTONIC: the scale of every deadline here.
    static func nowMilliseconds() -> Int64 { Int64(cs_monotonic_ns() / 1_000_000) }

    deinit {
        if let ssl {
            SSL_shutdown(ssl)  // best effort close_notify; the socket is closed next either way
            SSL_free(ssl)
        }
        close(fd)
    }

    /// Connects to `endpoint` (trying each resolved address) and, for https, completes the TLS handshake with the
    /// certificate checked against the endpoint's name.
    /// - Parameters:
    ///   - deadline: monotonic milliseconds (`nowMilliseconds()`) by which the connection must be up.
    /// - Throws: `.connectFailed`, `.connectTimedOut`, `.tls`.
    static func open(_ endpoint: HTTPEndpoint, tls: TLSClientContext?, deadline: Int64) throws(HTTPClientError) -> HTTPClientConnection {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(endpoint.host, String(endpoint.port), &hints, &list)
        guard rc == 0, let first = list else {
            throw .connectFailed("cannot resolve \(endpoint.host): \(String(cString: gai_strerror(rc)))")
        }
        defer { freeaddrinfo(list) }
        var reason = "no address"
        var next: UnsafeMutablePointer<addrinfo>? = first
        while let ai = next {
            next = ai.pointee.ai_next
            let fd = socket(ai.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue),
                            ai.pointee.ai_protocol)
            guard fd >= 0 else { reason = String(cString: strerror(errno)); continue }
            let connection = HTTPClientConnection(fd: fd)
            if connect(fd, ai.pointee.ai_addr, ai.pointee.ai_addrlen) != 0 {
                guard errno == EINPROGRESS else { reason = String(cString: strerror(errno)); continue }
                guard try connection.wait(for: Int16(POLLOUT), until: deadline) else { throw .connectTimedOut }
                var error: Int32 = 0
                var length = socklen_t(MemoryLayout<Int32>.size)
                getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
                if error != 0 { reason = String(cString: strerror(error)); continue }
            }
            var one: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            if endpoint.isSecure {
                guard let tls else { throw .tls("no TLS context") }
                try connection.handshake(tls, host: endpoint.host, deadline: deadline)
            }
            return connection
        }
        throw .connectFailed("\(endpoint.host):\(endpoint.port): \(reason)")
    }

    /// Sends a request and reads its whole response.
    /// - Parameters:
    ///   - request: the encoded request.
    ///   - maxBodyBytes: the largest body accepted.
    ///   - deadline: monotonic milliseconds by which the response must be whole.
    /// - Throws: `.responseTimedOut`, `.connectionClosed`, `.malformedResponse`, `.responseTooLarge`, `.tls`.
    func exchange(_ request: [UInt8], maxBodyBytes: Int, deadline: Int64) throws(HTTPClientError) -> HTTPClientResponse {
        reusable = false
        try write(request, deadline: deadline)
        var parser = HTTPClientResponseParser(maxBodyBytes: maxBodyBytes)
        while true {
            let count = try read(deadline: deadline)
            if count == 0 {
                let response = try parser.finish()
                exchanges += 1
                return response
            }
            let fed = readBuffer.withUnsafeBytes { bytes in
                Result { () throws(HTTPClientError) in try parser.feed(UnsafeRawBufferPointer(rebasing: bytes[0..<count])) }
            }
            if let (response, keepAlive) = try fed.get() {
                reusable = keepAlive
                exchanges += 1
                return response
            }
        }
    }

    // MARK: - Bytes with deadlines

    private func handshake(_ tls: TLSClientContext, host: String, deadline: Int64) throws(HTTPClientError) {
        ERR_clear_error()
        guard let ssl = SSL_new(tls.raw) else { throw .tls(TLSError.drainOpenSSLErrors()) }
        self.ssl = ssl
        SSL_set_fd(ssl, fd)
        var address = in6_addr()
        let isAddress = inet_pton(AF_INET, host, &address) == 1 || inet_pton(AF_INET6, host, &address) == 1
        if isAddress {
            X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host)
        } else {
            _ = cshim_ssl_set_tlsext_host_name(ssl, host)  // SNI, for names only (RFC 6066 §3)
            SSL_set1_host(ssl, host)
        }
        SSL_set_connect_state(ssl)
        while true {
            let result = SSL_do_handshake(ssl)
            if result == 1 { return }
            let error = SSL_get_error(ssl, result)
            switch error {
            case SSL_ERROR_WANT_READ:
                guard try wait(for: Int16(POLLIN), until: deadline) else { throw .connectTimedOut }
            case SSL_ERROR_WANT_WRITE:
                guard try wait(for: Int16(POLLOUT), until: deadline) else { throw .connectTimedOut }
            default:
                let verify = SSL_get_verify_result(ssl)
                if verify != X509_V_OK {
                    ERR_clear_error()
                    throw .tls(String(cString: X509_verify_cert_error_string(verify)))
                }
                throw .tls(TLSError.drainOpenSSLErrors(fallback: "handshake failed (\(error))"))
            }
        }
    }

    private func write(_ bytes: [UInt8], deadline: Int64) throws(HTTPClientError) {
        var offset = 0
        while offset < bytes.count {
            let written: Int = bytes.withUnsafeBytes { raw in
                let base = raw.baseAddress! + offset, count = raw.count - offset
                if let ssl {
                    var n = 0
                    let ok = SSL_write_ex(ssl, base, count, &n)
                    if ok == 1 { return n }
                    return -Int(SSL_get_error(ssl, ok))
                }
                let n = send(fd, base, count, Int32(MSG_NOSIGNAL))
                return n >= 0 ? n : (errno == EAGAIN ? -Int(SSL_ERROR_WANT_WRITE) : -1_000 - Int(errno))
            }
            if written > 0 { offset += written; continue }
            switch -written {
            case Int(SSL_ERROR_WANT_WRITE): guard try wait(for: Int16(POLLOUT), until: deadline) else { throw .responseTimedOut }
            case Int(SSL_ERROR_WANT_READ): guard try wait(for: Int16(POLLIN), until: deadline) else { throw .responseTimedOut }
            default:
                if ssl != nil { throw .tls(TLSError.drainOpenSSLErrors(fallback: "write failed")) }
                throw .connectionClosed
            }
        }
    }

    /// Reads what is there (waiting until the deadline); 0 when the peer closed.
    private func read(deadline: Int64) throws(HTTPClientError) -> Int {
        while true {
            let result: Int = readBuffer.withUnsafeMutableBytes { raw in
                if let ssl {
                    var n = 0
                    let ok = SSL_read_ex(ssl, raw.baseAddress, raw.count, &n)
                    if ok == 1 { return n }
                    let error = SSL_get_error(ssl, ok)
                    return error == SSL_ERROR_ZERO_RETURN ? 0 : -Int(error)
                }
                let n = Glibc.read(fd, raw.baseAddress, raw.count)
                return n >= 0 ? n : (errno == EAGAIN ? -Int(SSL_ERROR_WANT_READ) : -1_000 - Int(errno))
            }
            if result >= 0 { return result }
            switch -result {
            case Int(SSL_ERROR_WANT_READ): guard try wait(for: Int16(POLLIN), until: deadline) else { throw .responseTimedOut }
            case Int(SSL_ERROR_WANT_WRITE): guard try wait(for: Int16(POLLOUT), until: deadline) else { throw .responseTimedOut }
            case Int(SSL_ERROR_SYSCALL): ERR_clear_error(); return 0  // the peer closed without close_notify
            default:
                if ssl != nil { throw .tls(TLSError.drainOpenSSLErrors(fallback: "read failed")) }
                return 0  // ECONNRESET and the like: the connection is gone
            }
        }
    }

    /// Waits until the socket is ready for `events`; false when the deadline passed first.
    private func wait(for events: Int16, until deadline: Int64) throws(HTTPClientError) -> Bool {
        while true {
            let left = deadline - Self.nowMilliseconds()
            if left <= 0 { return false }
            var entry = pollfd(fd: fd, events: events, revents: 0)
            let n = poll(&entry, 1, Int32(min(left, Int64(Int32.max))))
            if n > 0 { return true }  // ready, or an error/hang-up that the next call reports
            if n < 0, errno != EINTR { throw .connectFailed("poll: \(String(cString: strerror(errno)))") }
        }
    }
}
