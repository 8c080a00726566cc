import Foundation
import Glibc

/// An HTTP answer as the tests see it.
struct APITestResponse: Sendable {
    let status: Int
    let headers: [(name: String, value: String)]
    let body: [UInt8]

    /// The first header with that name (case-insensitive).
    func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name.lowercased() }?.value }

    /// The body as text.
    var text: String { String(decoding: body, as: UTF8.self) }

    /// The body as a JSON object (empty when it is not one).
    var object: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:] }

    /// The body as a JSON array (empty when it is not one).
    var array: [[String: Any]] { (try? JSONSerialization.jsonObject(with: Data(body))) as? [[String: Any]] ?? [] }

    /// The `error.fields` of an error answer.
    var fields: [String: String] { (object["error"] as? [String: Any])?["fields"] as? [String: String] ?? [:] }

    /// The `error.code` of an error answer.
    var errorCode: String? { (object["error"] as? [String: Any])?["code"] as? String }
}

/// A tiny HTTP/1.1 client over a raw socket (URLSession needs FoundationNetworking): one request per
/// connection (`Connection: close`), chunked answers decoded. The blocking socket work runs on its own
/// thread so the server's tasks keep the cooperative pool.
struct APITestClient: Sendable {
    let port: Int
    /// The `sb_session` cookie value sent with every request, when set.
    var session: String?

    /// Sends a request with an optional JSON body (any JSONSerialization value) or raw body.
    func request(
        _ method: String, _ path: String, json: Any? = nil, raw: String? = nil, headers: [(String, String)] = []
    ) async -> APITestResponse {
        var body: [UInt8] = []
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        if let json {
            body = [UInt8](try! JSONSerialization.data(withJSONObject: json, options: [.fragmentsAllowed]))
            head += "Content-Type: application/json\r\n"
        } else if let raw {
            body = Array(raw.utf8)
            head += "Content-Type: application/json\r\n"
        }
        if !body.isEmpty || method == "POST" || method == "PUT" { head += "Content-Length: \(body.count)\r\n" }
        if let session { head += "Cookie: sb_session=\(session)\r\n" }
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        let wire = Array((head + "\r\n").utf8) + body
        let port = self.port
        return await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: Self.exchange(wire, port: port)) }
            thread.start()
        }
    }

    func get(_ path: String) async -> APITestResponse { await request("GET", path) }
    func post(_ path: String, _ json: Any) async -> APITestResponse { await request("POST", path, json: json) }
    func put(_ path: String, _ json: Any) async -> APITestResponse { await request("PUT", path, json: json) }
    func delete(_ path: String) async -> APITestResponse { await request("DELETE", path) }

    private static func exchange(_ wire: [UInt8], port: Int) -> APITestResponse {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        precondition(fd >= 0, "socket failed")
        defer { close(fd) }
        var timeout = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        precondition(connected == 0, "connect failed: \(errno)")
        var sent = 0
        while sent < wire.count {
            let n = wire[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { break }
            sent += n
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            received += buffer[0..<n]
        }
        return parse(received)
    }

    /// Splits status line, headers and body (de-chunked when chunked).
    static func parse(_ bytes: [UInt8]) -> APITestResponse {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = (0..<max(0, bytes.count - 3)).first(where: { Array(bytes[$0..<$0 + 4]) == separator }) else {
            return APITestResponse(status: 0, headers: [], body: bytes)
        }
        let lines = String(decoding: bytes[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let status = Int(lines[0].split(separator: " ")[1]) ?? 0
        let headers = lines.dropFirst().compactMap { line -> (name: String, value: String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        var body = Array(bytes[(end + 4)...])
        if headers.contains(where: { $0.name.lowercased() == "transfer-encoding" && $0.value.lowercased().contains("chunked") }) {
            body = dechunk(body)
        }
        return APITestResponse(status: status, headers: headers, body: body)
    }

    /// Decodes a chunked body (RFC 9112 §7.1).
    static func dechunk(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            guard let lineEnd = (index..<bytes.count - 1).first(where: { bytes[$0] == 13 && bytes[$0 + 1] == 10 }) else { break }
            let sizeText = String(decoding: bytes[index..<lineEnd], as: UTF8.self).split(separator: ";")[0]
            guard let size = Int(sizeText, radix: 16), size > 0 else { break }
            let start = lineEnd + 2
            output += bytes[start..<min(bytes.count, start + size)]
            index = start + size + 2
        }
        return output
    }
}
