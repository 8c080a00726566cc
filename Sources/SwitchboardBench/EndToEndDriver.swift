import CSwitchboard
import Glibc
import SwitchboardNet

/// The load side of `SwitchboardBench e2e`: one thread, one epoll set, non-blocking loopback sockets — keep-alive
/// HTTP/1.1 connections that post webhooks (one request in flight each) and `/live` WebSockets (agents, supervisors,
/// an administrator for setup). Frames and responses are handed to the closures as they are parsed, stamped with
/// the monotonic clock of the turn that read them.
final class EndToEndDriver {
    enum Role { case webhook, agent, supervisor, admin }

    final class Connection {
        let fd: Int32
        let role: Role
        /// Agent, supervisor or pool index.
        let index: Int
        var input: [UInt8] = []
        var upgraded = false
        var closed = false
        /// The server sent a close frame.
        var sawClose = false
        /// Webhook connections: the message in flight (-1: idle) and when its first byte was sent.
        var inFlight = -1
        var sentAt: UInt64 = 0
        /// The body of the last response read.
        var lastBody: ArraySlice<UInt8> = []
        var mask: UInt32

        init(fd: Int32, role: Role, index: Int) {
            self.fd = fd
            self.role = role
            self.index = index
            mask = 0x5EED_0001 &+ UInt32(truncatingIfNeeded: fd)
        }
    }

    struct Failure: Error, CustomStringConvertible { let description: String }

    let port: Int
    private let epoll: Int32
    private var byFD: [Int32: Connection] = [:]
    private var events: [cs_epoll_event]
    private var chunk = [UInt8](repeating: 0, count: 256 << 10)

    /// A text frame arrived (payload bytes, read at `now` nanoseconds).
    var onText: (Connection, ArraySlice<UInt8>, UInt64) -> Void = { _, _, _ in }
    /// A webhook's answer arrived: its status, read at `now`.
    var onResponse: (Connection, Int, UInt64) -> Void = { _, _, _ in }
    /// Sockets the server closed (a WebSocket close frame or end of stream), by role.
    private(set) var closedByServer: [Role: Int] = [:]

    init(port: Int) throws(Failure) {
        self.port = port
        epoll = cs_epoll_create()
        guard epoll >= 0 else { throw Failure(description: "epoll_create: errno \(errno)") }
        events = Array(repeating: cs_epoll_event(events: 0, data: 0), count: 512)
    }

    deinit {
        for connection in byFD.values { Glibc.close(connection.fd) }
        Glibc.close(epoll)
    }

    static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    // MARK: - Connections

    /// A connected, non-blocking TCP socket to 127.0.0.1:port, registered for reading.
    func connect(role: Role, index: Int) throws(Failure) -> Connection {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            let code = errno
            Glibc.close(fd)
            throw Failure(description: "connect: errno \(code)")
        }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        guard cs_epoll_add(epoll, fd, CS_EPOLLIN | CS_EPOLLRDHUP, UInt64(fd)) == 0 else {
            Glibc.close(fd)
            throw Failure(description: "epoll_ctl: errno \(errno)")
        }
        let connection = Connection(fd: fd, role: role, index: index)
        byFD[fd] = connection
        return connection
    }

    /// Sends the WebSocket upgrade of `/live` with the session cookie (the 101 is read by `pump`).
    func upgrade(_ connection: Connection, token: String) -> Bool {
        let key = Base64.encode((0..<16).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(connection.fd)) })
        let request = "GET /live HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: \(key)\r\nSec-WebSocket-Version: 13\r\nCookie: sb_session=\(token)\r\n\r\n"
        return write(connection, Array(request.utf8))
    }

    /// Sends one masked text frame.
    func sendText(_ connection: Connection, _ text: String) -> Bool {
        connection.mask = connection.mask &* 1_103_515_245 &+ 12_345
        return write(connection, WebSocketFrameEncoder.encodeMasked(opcode: .text, payload: Array(text.utf8), maskKey: connection.mask))
    }

    /// Closes a connection (a close frame first for an upgraded WebSocket).
    func close(_ connection: Connection) {
        if connection.upgraded && connection.role != .webhook {
            connection.mask = connection.mask &* 1_103_515_245 &+ 12_345
            _ = write(connection, WebSocketFrameEncoder.encodeMasked(opcode: .close, payload: [0x03, 0xE8], maskKey: connection.mask))
        }
        connection.closed = true
        byFD[connection.fd] = nil
        Glibc.close(connection.fd)
    }

    /// Writes all of `bytes` (waiting for room in the rare case the socket buffer is full).
    func write(_ connection: Connection, _ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(connection.fd, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
            if n > 0 {
                sent += n
            } else if n < 0 && (errno == EAGAIN || errno == EINTR) {
                var poller = pollfd(fd: connection.fd, events: Int16(POLLOUT), revents: 0)
                _ = poll(&poller, 1, 100)
            } else {
                return false
            }
        }
        return true
    }

    // MARK: - The loop

    /// One turn: waits up to `timeoutMilliseconds` for readable sockets and parses what they hold.
    func pump(timeoutMilliseconds: Int32) {
        let count = events.withUnsafeMutableBufferPointer {
            cs_epoll_wait(epoll, $0.baseAddress!, Int32($0.count), timeoutMilliseconds)
        }
        guard count > 0 else { return }
        let now = Self.now()
        for e in 0..<Int(count) {
            guard let connection = byFD[Int32(truncatingIfNeeded: events[e].data)] else { continue }
            read(connection, now: now)
        }
    }

    /// One turn that waits at most `nanoseconds` (select on the epoll descriptor, in microseconds: finer than
    /// epoll_wait's milliseconds, so a paced sender sleeps until its next send instead of spinning through the last
    /// millisecond).
    func pump(timeoutNanoseconds nanoseconds: UInt64) {
        if nanoseconds >= 1_000 {
            var set = fd_set()
            let fd = Int(epoll)
            withUnsafeMutableBytes(of: &set) { $0[fd / 8] |= UInt8(1 << (fd % 8)) }
            var timeout = timeval(tv_sec: Int(nanoseconds / 1_000_000_000), tv_usec: Int(nanoseconds % 1_000_000_000 / 1_000))
            guard select(epoll + 1, &set, nil, nil, &timeout) > 0 else { return }
        }
        pump(timeoutMilliseconds: 0)
    }

    /// Pumps until `done` holds; false when `seconds` passed first.
    func pump(until done: () -> Bool, seconds: Double) -> Bool {
        let deadline = Self.now() + UInt64(seconds * 1e9)
        while !done() {
            if Self.now() > deadline { return false }
            pump(timeoutMilliseconds: 10)
        }
        return true
    }

    private func read(_ connection: Connection, now: UInt64) {
        var ended = false
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(connection.fd, $0.baseAddress, $0.count, 0) }
            if n > 0 {
                connection.input += chunk[0..<n]
                if n < chunk.count { break }
            } else if n == 0 {
                ended = true
                break
            } else {
                if errno != EAGAIN && errno != EINTR { ended = true }
                break
            }
        }
        var offset = 0
        if connection.role == .webhook {
            parseResponses(connection, &offset, now: now)
        } else {
            if !connection.upgraded, let end = find(connection.input, [13, 10, 13, 10]) {
                if connection.input.starts(with: Array("HTTP/1.1 101".utf8)) {
                    connection.upgraded = true
                } else {
                    ended = true
                }
                offset = end + 4
            }
            if connection.upgraded { parseFrames(connection, &offset, now: now) }
        }
        if offset > 0 { connection.input.removeFirst(offset) }
        if ended && !connection.closed {
            if !connection.sawClose { closedByServer[connection.role, default: 0] += 1 }
            connection.sawClose = true
            connection.closed = true
            byFD[connection.fd] = nil
            Glibc.close(connection.fd)
        }
    }

    private func parseFrames(_ connection: Connection, _ offset: inout Int, now: UInt64) {
        let buffer = connection.input
        while buffer.count - offset >= 2 {
            let opcode = buffer[offset] & 0x0F
            var length = Int(buffer[offset + 1] & 0x7F), header = 2
            if length == 126 {
                guard buffer.count - offset >= 4 else { return }
                length = Int(buffer[offset + 2]) << 8 | Int(buffer[offset + 3])
                header = 4
            } else if length == 127 {
                guard buffer.count - offset >= 10 else { return }
                length = buffer[(offset + 2)..<(offset + 10)].reduce(0) { $0 << 8 | Int($1) }
                header = 10
            }
            guard buffer.count - offset >= header + length else { return }
            let payload = buffer[(offset + header)..<(offset + header + length)]
            offset += header + length
            switch opcode {
            case 0x1: onText(connection, payload, now)
            case 0x9:
                connection.mask = connection.mask &* 1_103_515_245 &+ 12_345
                _ = write(connection, WebSocketFrameEncoder.encodeMasked(opcode: .pong, payload: Array(payload), maskKey: connection.mask))
            case 0x8:
                if !connection.sawClose { closedByServer[connection.role, default: 0] += 1 }
                connection.sawClose = true
            default: break
            }
        }
    }

    private func parseResponses(_ connection: Connection, _ offset: inout Int, now: UInt64) {
        let buffer = connection.input
        while let end = find(buffer, [13, 10, 13, 10], from: offset) {
            let head = String(decoding: buffer[offset..<end], as: UTF8.self)
            let lines = head.split(separator: "\r\n")
            guard let first = lines.first, first.count >= 12, let status = Int(first.dropFirst(9).prefix(3)) else {
                offset = buffer.count
                return
            }
            var length = 0
            for line in lines.dropFirst() where line.lowercased().hasPrefix("content-length:") {
                length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: " ")) ?? 0
            }
            guard buffer.count >= end + 4 + length else { return }
            connection.lastBody = buffer[(end + 4)..<(end + 4 + length)]
            offset = end + 4 + length
            onResponse(connection, status, now)
        }
    }

    private func find(_ buffer: [UInt8], _ needle: [UInt8], from start: Int = 0) -> Int? {
        guard buffer.count - start >= needle.count else { return nil }
        var i = start
        while i <= buffer.count - needle.count {
            if buffer[i] == needle[0] && buffer[i + 1] == needle[1] && buffer[i + 2] == needle[2] && buffer[i + 3] == needle[3] { return i }
            i += 1
        }
        return nil
    }
}

private extension Substring {
    func trimmingCharacters(in set: String) -> Substring {
        var s = self
        while let c = s.first, set.contains(c) { s.removeFirst() }
        while let c = s.last, set.contains(c) { s.removeLast() }
        return s
    }
}
