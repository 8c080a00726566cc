import Foundation
import TestSupport
import SwitchboardNet
import SwitchboardSync

/// A delegate for the socket tests: answers HTTP (`/async` from another thread, `/body` with the body it got),
/// accepts upgrades except at `/reject`, echoes every WebSocket message, and records opens and closes.
final class NetTestDelegate: NetworkServerDelegate {
    struct Record {
        var opened: [ConnectionID] = []
        var closed: [ConnectionID: UInt16] = [:]
        var targets: [String] = []
    }

    let record = Locked(Record())

    func handle(_ request: HTTPRequest, responder: HTTPResponder) {
        let target = request.head.target
        record.withLock { $0.targets.append(target) }
        switch request.head.path {
        case "/async":
            // A dispatch queue, not a Task: the socket tests block cooperative threads in reads (two on
            // this machine, shared with every other suite in the process), and an answer waiting for one
            // of them timed out under a full run.
            DispatchQueue.global().async {
                responder.respond(.text(status: .ok, "async \(target)"))
            }
        case "/body":
            responder.respond(.text(status: .ok, "body=\(String(decoding: request.body, as: UTF8.self))"))
        default:
            responder.respond(.text(status: .ok, "target=\(target)"))
        }
    }

    func shouldUpgrade(_ request: HTTPRequest) -> WebSocketUpgradeDecision {
        request.head.path == "/reject" ? .reject(.text(status: .forbidden, "no\n")) : .accept(userData: request.head.path)
    }

    func webSocketDidOpen(_ connection: WebSocketConnection) {
        let id = connection.id
        record.withLock { $0.opened.append(id) }
    }

    func webSocket(_ connection: WebSocketConnection, didReceive message: WebSocketMessage) {
        connection.send(message.opcode, message.bytes)
    }

    func webSocketDidClose(_ connection: WebSocketConnection, code: WebSocketCloseCode) {
        let id = connection.id
        record.withLock { $0.closed[id] = code.rawValue }
    }

    var opened: [ConnectionID] { record.withLock { $0.opened } }

    /// The close code reported for `id`, if closed.
    func closeCode(_ id: ConnectionID) -> UInt16? { record.withLock { $0.closed[id] } }
}

/// A `NetworkServer` on a free port with `NetTestDelegate` and a manual clock; shut down on deinit.
final class NetTestServer {
    let delegate: NetTestDelegate
    let clock: ManualMonotonicClock
    let server: NetworkServer
    let port: Int

    init(loops: Int = 1, clock: (any MonotonicClock)? = nil, configure: (inout NetworkServerConfiguration) -> Void = { _ in }) throws {
        var configuration = NetworkServerConfiguration()
        configuration.port = 0
        configuration.loopCount = loops
        configure(&configuration)
        let delegate = NetTestDelegate()
        let manual = ManualMonotonicClock()
        self.delegate = delegate
        self.clock = manual
        server = NetworkServer(configuration: configuration, delegate: delegate, clock: clock ?? manual)
        try server.start()
        port = server.port!
    }

    deinit { server.shutdown(graceMilliseconds: 0) }

    /// A new client.
    func client(timeoutMilliseconds: Int = 5_000, receiveBufferBytes: Int? = nil) throws -> NetTestClient {
        try NetTestClient(port: port, timeoutMilliseconds: timeoutMilliseconds, receiveBufferBytes: receiveBufferBytes)
    }

    /// A client upgraded to WebSocket at `path`, and its connection id.
    func webSocket(path: String = "/ws", receiveBufferBytes: Int? = nil) throws -> (NetTestClient, ConnectionID) {
        let client = try client(receiveBufferBytes: receiveBufferBytes)
        let before = Set(delegate.opened)
        let response = try client.upgrade(path: path)
        guard response.status == 101 else { throw NetTestClientError.malformed("upgrade answered \(response.status)") }
        // webSocketDidOpen runs in the turn that queued the 101, so it is recorded by now.
        guard let id = delegate.opened.first(where: { !before.contains($0) }) else { throw NetTestClientError.malformed("no open") }
        return (client, id)
    }

    /// Waits until every loop has run all commands posted before (and finished that turn). False on timeout.
    @discardableResult
    func barrier() -> Bool {
        for _ in 0..<3 {
            // A turn runs commands before timers and flushes, and may read or accept after signalling: the
            // second round proves the first turn ended, the third that what arrived before was read.
            let semaphore = DispatchSemaphore(value: 0)
            server.runOnEveryLoop { semaphore.signal() }
            for _ in 0..<server.loopCount where semaphore.wait(timeout: .now() + 5) == .timedOut { return false }
        }
        return true
    }

    /// Lets the loops take in what was sent so far, moves the manual clock, and lets every loop run its timers.
    func advance(milliseconds: UInt64) {
        barrier()
        clock.advance(milliseconds: milliseconds)
        barrier()
    }
}
