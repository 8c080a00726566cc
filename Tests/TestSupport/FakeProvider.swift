import Foundation
import SwitchboardNet
import SwitchboardProviders
import SwitchboardSync

/// A provider's API on loopback, served by the network core itself (plain or TLS with a test certificate): it
/// answers each request with the next scripted answer (the last one repeats) and records what it received.
public final class FakeProvider: Sendable {
    /// What the provider saw of one request.
    public struct Received: Sendable {
        public let method: String
        public let target: String
        public let headers: [(name: String, value: String)]
        public let body: String
        public let connection: ConnectionID

        public func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name.lowercased() }?.value }
    }

    /// One scripted answer.
    public struct Answer: Sendable {
        public var status: Int
        public var body: String
        public var headers: [(String, String)] = []
        /// Never answer (the client's response timeout runs out).
        public var silent = false

        public init(status: Int, body: String, headers: [(String, String)] = [], silent: Bool = false) {
            self.status = status
            self.body = body
            self.headers = headers
            self.silent = silent
        }

        public static func json(_ status: Int, _ body: String, headers: [(String, String)] = []) -> Answer {
            Answer(status: status, body: body, headers: headers)
        }
    }

    private final class Delegate: NetworkServerDelegate {
        let script: Locked<[Answer]>
        let received = Locked<[Received]>([])

        init(_ script: [Answer]) { self.script = Locked(script) }

        func handle(_ request: HTTPRequest, responder: HTTPResponder) {
            received.withLock {
                $0.append(Received(method: request.head.method.rawValue, target: request.head.target,
                                   headers: request.head.headers.fields, body: String(decoding: request.body, as: UTF8.self),
                                   connection: request.connection))
            }
            let answer = script.withLock { list in list.count > 1 ? list.removeFirst() : list[0] }
            if answer.silent { return }
            var headers = HTTPHeaders([("Content-Type", "application/json")])
            for (name, value) in answer.headers {
                if name.lowercased() == "content-type" { headers.replaceOrAdd(name, value) } else { headers.add(name, value) }
            }
            responder.respond(HTTPResponse(status: HTTPStatus(code: answer.status, reasonPhrase: "Scripted"), headers: headers,
                                           body: Array(answer.body.utf8)))
        }

        func shouldUpgrade(_ request: HTTPRequest) -> WebSocketUpgradeDecision { .reject(.status(.notFound)) }
        func webSocketDidOpen(_ connection: WebSocketConnection) {}
        func webSocket(_ connection: WebSocketConnection, didReceive message: WebSocketMessage) {}
        func webSocketDidClose(_ connection: WebSocketConnection, code: WebSocketCloseCode) {}
    }

    private let server: NetworkServer
    private let delegate: Delegate
    /// The base URL to configure the provider with.
    public let baseURL: String

    /// Starts on a free loopback port; with `tls`, over HTTPS with that certificate.
    public init(_ script: [Answer], tls: TLSContext? = nil) throws {
        var configuration = NetworkServerConfiguration()
        configuration.port = 0
        configuration.loopCount = 1
        configuration.tls = tls
        delegate = Delegate(script)
        server = NetworkServer(configuration: configuration, delegate: delegate)
        try server.start()
        baseURL = "\(tls == nil ? "http" : "https")://127.0.0.1:\(server.port!)"
    }

    deinit { server.shutdown(graceMilliseconds: 0) }

    /// Every request so far, in arrival order.
    public var received: [Received] { delegate.received.withLock { $0 } }

    /// Replaces the remaining script.
    public func script(_ answers: [Answer]) { delegate.script.withLock { $0 = answers } }
}

/// A self-signed certificate for 127.0.0.1 made with the `openssl` CLI in a temporary folder.
public struct TestCertificate {
    public let folder: String
    public var certificate: String { folder + "/provider.crt" }
    public var key: String { folder + "/provider.key" }

    public init() throws {
        folder = NSTemporaryDirectory() + "sb-provider-tls-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                             "-keyout", folder + "/provider.key", "-out", folder + "/provider.crt", "-days", "2",
                             "-subj", "/CN=provider.test", "-addext", "subjectAltName=IP:127.0.0.1,DNS:provider.test"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown) }
    }

    public func remove() { try? FileManager.default.removeItem(atPath: folder) }
}

/// Records the waits instead of sleeping.
public final class RecordingSleeper: OutboundSleeper {
    public init() {}
    private let waits = Locked<[Int64]>([])
    public var recorded: [Int64] { waits.withLock { $0 } }
    public func sleep(milliseconds: Int64) async { waits.withLock { $0.append(milliseconds) } }
}
