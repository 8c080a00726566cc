import Foundation
import Glibc
import TestSupport

/// Why a live test socket read stopped.
enum LiveTestSocketError: Error, Equatable {
    /// The server closed the WebSocket with this code.
    case closed(UInt16)
    /// A frame that is not a JSON object.
    case notJSON(String)
}

/// A `/live` WebSocket client for tests: NetTestClient (raw socket, masked frames) driven from its own thread, so
/// blocking reads (with a timeout, never a sleep) do not hold the cooperative pool the server's tasks need.
/// Messages read while waiting for another are kept, in order, for later `next` calls.
// Unchecked: one test drives a socket, one call at a time (each awaits its thread before the next starts).
final class LiveTestSocket: @unchecked Sendable {
    private let client: NetTestClient
    private var kept: [[String: Any]] = []
    private var nextID = 0
    /// The reason text of the server's close frame, once one came.
    private(set) var closeReason: String?
    /// Ids are unique per login session (protocol.md), and a session may open several sockets: each socket's ids
    /// carry their own prefix, as a page's do.
    private let idPrefix = String(UUID().uuidString.prefix(8))

    private init(client: NetTestClient) { self.client = client }

    /// Runs blocking socket work on a thread of its own.
    static func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }

    /// Sends the upgrade to `/live`; returns the HTTP status and the socket when it was accepted (101).
    static func open(port: Int, session: String?, origin: String? = "http://test", timeoutMilliseconds: Int = 20_000)
        async throws -> (status: Int, socket: LiveTestSocket?) {
        try await blocking {
            let client = try NetTestClient(port: port, timeoutMilliseconds: timeoutMilliseconds)
            var headers = ""
            if let session { headers += "Cookie: sb_session=\(session)\r\n" }
            if let origin { headers += "Origin: \(origin)\r\n" }
            headers += "User-Agent: SwitchboardTests/1\r\n"
            let response = try client.upgrade(path: "/live", extraHeaders: headers)
            return (response.status, response.status == 101 ? LiveTestSocket(client: client) : nil)
        }
    }

    /// Sends one command with a fresh id; returns the id.
    @discardableResult
    func send(_ cmd: String, _ arguments: [String: Any] = [:]) async throws -> String {
        nextID += 1
        var object = arguments
        object["cmd"] = cmd
        object["id"] = "\(idPrefix)-\(nextID)"
        let text = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        try await Self.blocking { [self] in try self.client.sendText(text) }
        return "\(idPrefix)-\(nextID)"
    }

    /// Sends raw text.
    func sendRaw(_ text: String) async throws {
        try await Self.blocking { [self] in try self.client.sendText(text) }
    }

    /// The first message (kept or new) that `matches`; the others stay kept, in order.
    func next(_ matches: @escaping @Sendable ([String: Any]) -> Bool) async throws -> [String: Any] {
        if let index = kept.firstIndex(where: matches) { return kept.remove(at: index) }
        while true {
            let message = try await readOne()
            if matches(message) { return message }
            kept.append(message)
        }
    }

    private func readOne() async throws -> [String: Any] {
        let text: String = try await Self.blocking { [self] in
            let frame = try self.client.readDataOrClose()
            if frame.opcode == 0x8 {
                self.closeReason = String(decoding: frame.payload.dropFirst(2), as: UTF8.self)
                throw LiveTestSocketError.closed(frame.closeCode ?? 0)
            }
            return String(decoding: frame.payload, as: UTF8.self)
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw LiveTestSocketError.notJSON(text)
        }
        return object
    }

    /// Sends a command and returns its answer (`ack` or `error` with the same id).
    func command(_ cmd: String, _ arguments: [String: Any] = [:]) async throws -> [String: Any] {
        let id = try await send(cmd, arguments)
        return try await next { ($0["type"] as? String == "ack" || $0["type"] as? String == "error") && $0["id"] as? String == id }
    }

    /// Sends a command with the caller's id (a resend after a reconnect) and returns its answer.
    func command(_ cmd: String, id: String, _ arguments: [String: Any] = [:]) async throws -> [String: Any] {
        var object = arguments
        object["cmd"] = cmd
        object["id"] = id
        try await sendRaw(String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self))
        return try await next { ($0["type"] as? String == "ack" || $0["type"] as? String == "error") && $0["id"] as? String == id }
    }

    /// A message of `type` on `topic` whose `data.kind` is `kind` (any kind when nil).
    func next(_ type: String, topic: String, kind: String? = nil) async throws -> [String: Any] {
        try await next { m in
            m["type"] as? String == type && m["topic"] as? String == topic
                && (kind == nil || (m["data"] as? [String: Any])?["kind"] as? String == kind)
        }
    }

    /// Reads until the server's close frame and returns its code (kept messages are dropped).
    func closeCode() async throws -> UInt16 {
        kept.removeAll()
        while true {
            do { _ = try await readOne() } catch LiveTestSocketError.closed(let code) { return code }
        }
    }

    /// Sends a close frame.
    func close() async throws { try await Self.blocking { [self] in try self.client.sendClose(1000) } }
}

/// JSON helpers for the tests' dictionaries.
extension Dictionary where Key == String, Value == Any {
    /// A nested object.
    func object(_ key: String) -> [String: Any] { self[key] as? [String: Any] ?? [:] }
    /// A nested array of objects.
    func objects(_ key: String) -> [[String: Any]] { self[key] as? [[String: Any]] ?? [] }
    /// An integer field.
    func int(_ key: String) -> Int64? { (self[key] as? NSNumber)?.int64Value }
    /// A string field.
    func string(_ key: String) -> String? { self[key] as? String }
    /// A number field.
    func double(_ key: String) -> Double? { (self[key] as? NSNumber)?.doubleValue }
    /// An array of integers.
    func ints(_ key: String) -> [Int64] { (self[key] as? [NSNumber])?.map(\.int64Value) ?? [] }
}
