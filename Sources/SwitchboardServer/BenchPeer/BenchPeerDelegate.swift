import SwitchboardNet
import SwitchboardSync

/// The benchmark protocol of ../shared/bench (websocket-shootout style) on the network core:
/// `/ws` answers `{"type":"echo"}` to the sender and fans `{"type":"broadcast"}` out to every client
/// through the product's publish path (encoded once, one hand-off per loop, corked writes);
/// `/echo` returns every text and binary message verbatim (for RFC 6455 conformance suites);
/// `/healthz` answers 200.
public final class BenchPeerDelegate: NetworkServerDelegate {
    private enum Endpoint: Sendable { case shootout, echo }

    private let everyone: TopicID
    /// Set after the server is made (the server needs its delegate first).
    private let server: ServerReference

    public init(topics: TopicRegistry, server: ServerReference) {
        everyone = topics.id(for: "bench:all")
        self.server = server
    }

    public func handle(_ request: HTTPRequest, responder: HTTPResponder) {
        switch request.head.path {
        case "/healthz": responder.respond(.text(status: .ok, "ok\n"))
        default: responder.respond(.text(status: .notFound, "not found\n"))
        }
    }

    public func shouldUpgrade(_ request: HTTPRequest) -> WebSocketUpgradeDecision {
        switch request.head.path {
        case "/ws": .accept(userData: Endpoint.shootout)
        case "/echo": .accept(userData: Endpoint.echo)
        default: .reject(.text(status: .notFound, "no WebSocket at \(request.head.path)\n"))
        }
    }

    public func webSocketDidOpen(_ connection: WebSocketConnection) {
        if case .shootout = connection.userData as? Endpoint { connection.subscribe(everyone) }
    }

    public func webSocket(_ connection: WebSocketConnection, didReceive message: WebSocketMessage) {
        guard case .shootout = connection.userData as? Endpoint else {
            connection.send(message.opcode, message.bytes)
            return
        }
        guard message.opcode == .text else { return }
        var type: Range<Int>?
        var payload: Range<Int>?
        let bytes = message.bytes
        let valid = JSONScanner.scanObject(bytes) { key, value in
            if JSONScanner.key(bytes, key, equals: "type") { type = value }
            if JSONScanner.key(bytes, key, equals: "payload") { payload = value }
        }
        guard valid, let type else { return }  // not JSON, or no type: ignored, as the protocol says
        if Self.value(bytes, type, is: "\"echo\"") {
            connection.send(.text, bytes)
        } else if Self.value(bytes, type, is: "\"broadcast\""), let server = server.server {
            let raw = payload.map { UnsafeRawBufferPointer(rebasing: bytes[$0]) }
            server.publish(server.makeMessage(.text, payload: Self.envelope("broadcast", raw)), to: everyone, policy: .lossless)
            Self.envelope("broadcastResult", raw).withUnsafeBytes { connection.send(.text, $0) }
        }
    }

    public func webSocketDidClose(_ connection: WebSocketConnection, code: WebSocketCloseCode) {}

    private static func value(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, is literal: StaticString) -> Bool {
        JSONScanner.key(bytes, range, equals: literal)
    }

    /// `{"type":"<type>","payload":<payload verbatim>}`.
    private static func envelope(_ type: StaticString, _ payload: UnsafeRawBufferPointer?) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(32 + (payload?.count ?? 4))
        out.append(contentsOf: #"{"type":""#.utf8)
        out.append(contentsOf: UnsafeRawBufferPointer(start: type.utf8Start, count: type.utf8CodeUnitCount))
        out.append(contentsOf: #"","payload":"#.utf8)
        if let payload { out.append(contentsOf: payload) } else { out.append(contentsOf: "null".utf8) }
        out.append(UInt8(ascii: "}"))
        return out
    }
}
