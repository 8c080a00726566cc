import Glibc
import SwitchboardSync

/// A small HTTP/1.1 client for one remote base URL (a provider's API): a pool of keep-alive connections, connect
/// and response timeouts, TLS through OpenSSL (`TLSClientContext`).
///
/// Each exchange runs on a thread of its own (blocking in `poll(2)` with deadlines), never on the event loops or
/// Swift's cooperative pool; the caller awaits it. An idle connection is reused by the next request; one the server
/// closed while idle is noticed on reuse and the request goes once more on a fresh connection (only when nothing
/// of the response arrived, so a request is never answered twice).
public final class HTTPClient: Sendable {
    /// Timeouts and limits.
    public struct Configuration: Sendable {
        /// The longest a connection (with its TLS handshake) may take.
        public var connectTimeoutMilliseconds: Int64 = 5_000
        /// The longest from writing the request to having the whole response.
        public var responseTimeoutMilliseconds: Int64 = 15_000
        /// Idle connections kept for reuse.
        public var maxIdleConnections = 8
        /// The largest response body accepted.
        public var maxResponseBytes = 1 << 20
        /// A PEM bundle of trusted certificates (nil: the system's roots).
        public var trustRootsPath: String?

        /// The defaults.
        public init() {}
    }

    /// Where requests go.
    public let endpoint: HTTPEndpoint
    /// The timeouts and limits.
    public let configuration: Configuration
    private let tls: TLSClientContext?
    private let idle = Locked<[ConnectionBox]>([])
    /// Connections opened so far (tests check reuse).
    public var connectionsOpened: Int { opened.withLock { $0 } }
    private let opened = Locked(0)

    /// A pooled connection crossing to the thread of its next exchange.
    // Safe: a connection is in the pool or in exactly one exchange, never both; the lock hands it over.
    private struct ConnectionBox: @unchecked Sendable { let connection: HTTPClientConnection }

    /// A client for `baseURL`.
    /// - Throws: `.invalidURL`; `.tls` when the trusted certificates cannot be loaded.
    public init(baseURL: String, configuration: Configuration = Configuration()) throws(HTTPClientError) {
        endpoint = try HTTPEndpoint(baseURL)
        self.configuration = configuration
        if endpoint.isSecure {
            do throws(TLSError) { tls = try TLSClientContext(trustRootsPath: configuration.trustRootsPath) } catch {
                throw .tls("\(error)")
            }
        } else {
            tls = nil
        }
    }

    /// Sends `request` and returns the whole response (any status).
    /// - Throws: `HTTPClientError` when no response arrived (timeouts, connection failures, a malformed answer).
    public func execute(_ request: HTTPClientRequest) async throws(HTTPClientError) -> HTTPClientResponse {
        let result: Result<HTTPClientResponse, HTTPClientError> = await withUnsafeContinuation { continuation in
            let thread = LoopThread.start(name: "sb-http-client") { [self] in
                continuation.resume(returning: Result { () throws(HTTPClientError) in try self.executeBlocking(request) })
            }
            pthread_detach(thread)
        }
        return try result.get()
    }

    /// Drops the idle connections.
    public func closeIdleConnections() {
        idle.withLock { $0.removeAll() }
    }

    /// The request's bytes: request line, Host, the caller's headers, Content-Length, body.
    func encode(_ request: HTTPClientRequest) -> [UInt8] {
        var head = "\(request.method) \(endpoint.basePath)\(request.path) HTTP/1.1\r\nHost: \(endpoint.hostHeader)\r\n"
        for field in request.headers { head += "\(field.name): \(field.value)\r\n" }
        if !request.body.isEmpty || request.method == "POST" || request.method == "PUT" {
            head += "Content-Length: \(request.body.count)\r\n"
        }
        head += "\r\n"
        return Array(head.utf8) + request.body
    }

    private func executeBlocking(_ request: HTTPClientRequest) throws(HTTPClientError) -> HTTPClientResponse {
        let bytes = encode(request)
        while let reused = idle.withLock({ $0.popLast() })?.connection {
            // A reused connection the server closed while idle fails at once, with nothing of a response read.
            do throws(HTTPClientError) {
                let response = try reused.exchange(bytes, maxBodyBytes: configuration.maxResponseBytes, deadline: responseDeadline())
                keep(reused)
                return response
            } catch {
                guard error == .connectionClosed else { throw error }
            }
        }
        let connection = try HTTPClientConnection.open(
            endpoint, tls: tls, deadline: HTTPClientConnection.nowMilliseconds() + configuration.connectTimeoutMilliseconds)
        opened.withLock { $0 += 1 }
        let response = try connection.exchange(bytes, maxBodyBytes: configuration.maxResponseBytes, deadline: responseDeadline())
        keep(connection)
        return response
    }

    private func responseDeadline() -> Int64 { HTTPClientConnection.nowMilliseconds() + configuration.responseTimeoutMilliseconds }

    private func keep(_ connection: HTTPClientConnection) {
        guard connection.reusable else { return }
        idle.withLock { pool in
            if pool.count < configuration.maxIdleConnections { pool.append(ConnectionBox(connection: connection)) }
        }
    }
}
