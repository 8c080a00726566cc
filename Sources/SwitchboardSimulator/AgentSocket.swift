import Glibc
import SwitchboardNet

/// A blocking WebSocket client for one simulated agent's `/live` connection on its own thread: the handshake with
/// the session cookie, masked text frames out (the network core's encoder), unmasked frames in, pings answered.
final class AgentSocket {
    enum Failure: Error { case connect(String), handshake(String), closed(UInt16?) }

    private let fd: Int32
    private var buffer: [UInt8] = []
    /// The server closed the TCP connection.
    private var ended = false
    private var mask: UInt32 = 0x5EED_0001

    /// Connects to `endpoint` (IPv4 literal or localhost) and upgrades `path` with `cookie`.
    init(endpoint: HTTPEndpoint, path: String, cookie: String) throws(Failure) {
        let host = endpoint.host == "localhost" ? "127.0.0.1" : endpoint.host
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(endpoint.port).bigEndian)
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else { throw .connect("agents need an IPv4 target, not \(host)") }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .connect("socket: errno \(errno)") }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            let code = errno
            Glibc.close(fd)
            throw .connect("connect: errno \(code)")
        }
        self.fd = fd
        let key = Base64.encode((0..<16).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ Int(fd)) })
        let request = "GET \(path) HTTP/1.1\r\nHost: \(endpoint.hostHeader)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: \(key)\r\nSec-WebSocket-Version: 13\r\nCookie: \(cookie)\r\n\r\n"
        guard write(Array(request.utf8)) else { throw .handshake("write failed") }
        let terminator: [UInt8] = [13, 10, 13, 10]
        while true {
            if let end = find(terminator) {
                let head = String(decoding: buffer[..<end], as: UTF8.self)
                buffer.removeFirst(end + 4)
                guard head.hasPrefix("HTTP/1.1 101") else { throw .handshake(String(head.prefix { $0 != "\r" })) }
                return
            }
            guard !ended, fill(timeoutMilliseconds: 5_000) else { throw .handshake("no answer to the upgrade") }
        }
    }

    deinit { Glibc.close(fd) }

    /// Sends one text message.
    func send(_ text: String) -> Bool {
        mask = mask &* 1_103_515_245 &+ 12_345
        return write(WebSocketFrameEncoder.encodeMasked(opcode: .text, payload: Array(text.utf8), maskKey: mask))
    }

    /// The next text message, waiting at most `timeoutMilliseconds` (nil: none yet).
    /// - Throws: `.closed` when the server closed the connection.
    func receive(timeoutMilliseconds: Int32) throws(Failure) -> String? {
        while true {
            if let frame = try nextFrame() {
                switch frame.opcode {
                case 0x1: return String(decoding: frame.payload, as: UTF8.self)
                case 0x9: _ = write(WebSocketFrameEncoder.encodeMasked(opcode: .pong, payload: frame.payload, maskKey: mask))
                case 0x8: throw .closed(frame.payload.count >= 2 ? UInt16(frame.payload[0]) << 8 | UInt16(frame.payload[1]) : nil)
                default: break
                }
                continue
            }
            if ended { throw .closed(nil) }
            guard fill(timeoutMilliseconds: timeoutMilliseconds) else { return nil }
        }
    }

    /// Sends a close frame (the connection is dropped on deinit).
    func close() { _ = write(WebSocketFrameEncoder.encodeMasked(opcode: .close, payload: [0x03, 0xE8], maskKey: mask)) }

    private func nextFrame() throws(Failure) -> (opcode: UInt8, payload: [UInt8])? {
        guard buffer.count >= 2 else { return nil }
        let opcode = buffer[0] & 0x0F
        var length = Int(buffer[1] & 0x7F), offset = 2
        if length == 126 {
            guard buffer.count >= 4 else { return nil }
            length = Int(buffer[2]) << 8 | Int(buffer[3])
            offset = 4
        } else if length == 127 {
            guard buffer.count >= 10 else { return nil }
            length = buffer[2..<10].reduce(0) { $0 << 8 | Int($1) }
            offset = 10
        }
        guard buffer.count >= offset + length else { return nil }
        let payload = Array(buffer[offset..<offset + length])
        buffer.removeFirst(offset + length)
        return (opcode, payload)
    }

    private func find(_ needle: [UInt8]) -> Int? {
        guard buffer.count >= needle.count else { return nil }
        for i in 0...(buffer.count - needle.count) where buffer[i..<i + needle.count].elementsEqual(needle) { return i }
        return nil
    }

    /// Reads what is there within the timeout; false on timeout.
    private func fill(timeoutMilliseconds: Int32) -> Bool {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, timeoutMilliseconds) > 0 else { return false }
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        let n = recv(fd, &chunk, chunk.count, 0)
        guard n > 0 else {
            ended = true
            return true
        }
        buffer += chunk[..<n]
        return true
    }

    private func write(_ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { return false }
            sent += n
        }
        return true
    }
}
