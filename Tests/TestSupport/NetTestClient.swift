import Glibc

/// Why a test client call failed.
public enum NetTestClientError: Error, Equatable {
    /// Nothing arrived within the receive timeout.
    case timeout
    /// The server closed (or reset) the connection before the expected bytes arrived.
    case closed
    /// The bytes received were not what the protocol allows.
    case malformed(String)
    /// A system call failed.
    case system(String, Int32)
}

/// A blocking TCP test client with a receive timeout: raw bytes, HTTP/1.1 responses and WebSocket
/// frames written by hand (masked as a client must, RFC 6455 §5.3), independent of the server's
/// own encoders so that their bugs show.
public final class NetTestClient {
    /// One HTTP response as received.
    public struct Response {
        /// The status code.
        public var status: Int
        /// Header fields in order.
        public var headers: [(String, String)]
        /// The body (by Content-Length).
        public var body: [UInt8]

        /// The first value of header `name` (case-insensitive).
        public func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }

        /// The body as UTF-8 text.
        public var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// One WebSocket frame from the server.
    public struct Frame: Equatable {
        /// FIN bit.
        public var fin: Bool
        /// RSV1-3 as a 3-bit number.
        public var rsv: UInt8
        /// The opcode.
        public var opcode: UInt8
        /// Whether the server (wrongly) masked it.
        public var masked: Bool
        /// The payload.
        public var payload: [UInt8]

        /// A frame as expected from a server.
        public init(fin: Bool, rsv: UInt8, opcode: UInt8, masked: Bool, payload: [UInt8]) {
            self.fin = fin
            self.rsv = rsv
            self.opcode = opcode
            self.masked = masked
            self.payload = payload
        }

        /// The close code of a close frame (nil when it has no body).
        public var closeCode: UInt16? {
            payload.count >= 2 ? UInt16(payload[0]) << 8 | UInt16(payload[1]) : nil
        }
    }

    /// RFC 6455 §1.3's example key and its accept value.
    public static let sampleKey = "dGhlIHNhbXBsZSBub25jZQ=="
    /// Its accept value.
    public static let sampleAccept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="

    /// The socket.
    public let fd: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    private var mask: UInt32 = 0x1234_5678

    /// Connects to 127.0.0.1:`port`; reads give up after `timeoutMilliseconds`.
    public init(port: Int, timeoutMilliseconds: Int = 5_000, receiveBufferBytes: Int? = nil) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw NetTestClientError.system("socket", errno) }
        if var bytes = receiveBufferBytes.map(Int32.init) {
            _ = setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, socklen_t(MemoryLayout<Int32>.size))
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            let code = errno
            Glibc.close(fd)
            throw NetTestClientError.system("connect", code)
        }
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        self.fd = fd
        setTimeout(milliseconds: timeoutMilliseconds)
    }

    deinit { _ = Glibc.close(fd) }

    /// Shuts the write side (a half-close: the server reads end of stream).
    public func shutdownWrite() { _ = shutdown(fd, Int32(SHUT_WR)) }

    /// Sets the send timeout: a blocked send then fails with `.timeout` (the peer stopped reading).
    public func setSendTimeout(milliseconds: Int) {
        var value = timeval(tv_sec: milliseconds / 1000, tv_usec: (milliseconds % 1000) * 1000)
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Sets the receive timeout.
    public func setTimeout(milliseconds: Int) {
        var value = timeval(tv_sec: milliseconds / 1000, tv_usec: (milliseconds % 1000) * 1000)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
    }

    // MARK: - Raw bytes

    /// Writes all of `bytes` (blocking).
    public func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN { throw NetTestClientError.timeout }
                throw NetTestClientError.system("send", errno)
            }
            offset += n
        }
    }

    /// Writes a string's UTF-8.
    public func send(_ text: String) throws { try send(Array(text.utf8)) }

    /// Reads more bytes into the buffer; throws `.closed` at end of stream, `.timeout` when nothing came.
    private func fill() throws {
        if start > 0 && start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        } else if start > 1 << 20 {
            buffer.removeFirst(start)
            start = 0
        }
        var chunk = [UInt8](repeating: 0, count: 256 << 10)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                buffer.append(contentsOf: chunk[0..<n])
                return
            }
            if n == 0 { throw NetTestClientError.closed }
            switch errno {
            case EINTR: continue
            case EAGAIN: throw NetTestClientError.timeout
            case ECONNRESET: throw NetTestClientError.closed
            default: throw NetTestClientError.system("read", errno)
            }
        }
    }

    private var available: Int { buffer.count - start }

    /// Exactly `count` bytes.
    public func read(count: Int) throws -> [UInt8] {
        while available < count { try fill() }
        defer { start += count }
        return Array(buffer[start..<(start + count)])
    }

    /// Whether the server ends the stream (FIN or reset) within the timeout, discarding what comes before.
    public func waitForClose() -> Bool {
        start = buffer.count
        while true {
            do { try fill() } catch NetTestClientError.closed { return true } catch { return false }
            start = buffer.count
        }
    }

    /// Whether nothing at all arrives within the timeout (and the stream stays open).
    public func staysSilent() -> Bool {
        guard available == 0 else { return false }
        do { try fill() } catch NetTestClientError.timeout { return true } catch { return false }
        return false
    }

    // MARK: - HTTP

    /// Reads one response; the body by Content-Length (none when absent).
    public func readResponse(headRequest: Bool = false) throws -> Response {
        var end: Int?
        while end == nil {
            if available >= 4 {
                for i in start...(buffer.count - 4)
                where buffer[i] == 13 && buffer[i + 1] == 10 && buffer[i + 2] == 13 && buffer[i + 3] == 10 {
                    end = i
                    break
                }
            }
            if end == nil { try fill() }
        }
        let head = String(decoding: buffer[start..<end!], as: UTF8.self)
        start = end! + 4
        var lines = head.split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
        let statusLine = lines.removeFirst()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0] == "HTTP/1.1", let status = Int(parts[1]) else {
            throw NetTestClientError.malformed("status line \(statusLine)")
        }
        var headers: [(String, String)] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { throw NetTestClientError.malformed("header \(line)") }
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingSpaces))
        }
        var response = Response(status: status, headers: headers, body: [])
        if !headRequest, status >= 200, status != 204, status != 304,
           let length = response.header("Content-Length").flatMap({ Int($0) }) {
            response.body = try read(count: length)
        }
        return response
    }

    /// Sends a GET and reads its response.
    public func get(_ target: String, headers: String = "") throws -> Response {
        try send("GET \(target) HTTP/1.1\r\nHost: test\r\n\(headers)\r\n")
        return try readResponse()
    }

    // MARK: - WebSocket

    /// Sends an upgrade request with RFC 6455's sample key and reads the response.
    public func upgrade(path: String = "/ws", extraHeaders: String = "") throws -> Response {
        try send(
            "GET \(path) HTTP/1.1\r\nHost: test\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: \(Self.sampleKey)\r\nSec-WebSocket-Version: 13\r\n\(extraHeaders)\r\n"
        )
        return try readResponse()
    }

    /// A client frame: masked unless `masked` is false (to provoke errors).
    public func frame(
        opcode: UInt8, _ payload: [UInt8], fin: Bool = true, rsv: UInt8 = 0, masked: Bool = true, declaredLength: Int? = nil
    ) -> [UInt8] {
        let length = declaredLength ?? payload.count
        var out: [UInt8] = [(fin ? 0x80 : 0) | (rsv << 4) | opcode]
        let maskBit: UInt8 = masked ? 0x80 : 0
        if length < 126 {
            out.append(maskBit | UInt8(length))
        } else if length <= 0xFFFF {
            out.append(maskBit | 126)
            out += [UInt8(length >> 8), UInt8(length & 0xFF)]
        } else {
            out.append(maskBit | 127)
            for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: UInt64(length) >> UInt64(shift))) }
        }
        guard masked else { return out + payload }
        mask = mask &* 1_103_515_245 &+ 12_345
        let key = [UInt8(mask >> 24), UInt8((mask >> 16) & 0xFF), UInt8((mask >> 8) & 0xFF), UInt8(mask & 0xFF)]
        out += key
        let header = out.count
        out += payload
        out.withUnsafeMutableBytes { raw in
            let body = UnsafeMutableRawBufferPointer(rebasing: raw[header...])
            for i in body.indices { body[i] ^= key[i & 3] }
        }
        return out
    }

    /// Sends one frame.
    public func sendFrame(opcode: UInt8, _ payload: [UInt8], fin: Bool = true, rsv: UInt8 = 0, masked: Bool = true) throws {
        try send(frame(opcode: opcode, payload, fin: fin, rsv: rsv, masked: masked))
    }

    /// Sends a text message in one frame.
    public func sendText(_ text: String) throws { try sendFrame(opcode: 0x1, Array(text.utf8)) }

    /// Sends a close frame with `code` (none when nil).
    public func sendClose(_ code: UInt16?) throws {
        try sendFrame(opcode: 0x8, code.map { [UInt8($0 >> 8), UInt8($0 & 0xFF)] } ?? [])
    }

    /// Reads one server frame (server frames must not be masked; a masked one is reported as is).
    public func readFrame() throws -> Frame {
        let head = try read(count: 2)
        var length = Int(head[1] & 0x7F)
        if length == 126 {
            let ext = try read(count: 2)
            length = Int(ext[0]) << 8 | Int(ext[1])
        } else if length == 127 {
            let ext = try read(count: 8)
            length = ext.reduce(0) { $0 << 8 | Int($1) }
        }
        let masked = head[1] & 0x80 != 0
        if masked { _ = try read(count: 4) }
        return Frame(fin: head[0] & 0x80 != 0, rsv: (head[0] >> 4) & 0x7, opcode: head[0] & 0x0F, masked: masked, payload: try read(count: length))
    }

    /// Reads frames until a data frame or close arrives, answering nothing; returns it.
    public func readDataOrClose() throws -> Frame {
        while true {
            let frame = try readFrame()
            if frame.opcode != 0x9 && frame.opcode != 0xA { return frame }
        }
    }

    /// Reads frames until a close frame and returns its code (0 when it had no body).
    public func readCloseCode() throws -> UInt16 {
        while true {
            let frame = try readFrame()
            if frame.opcode == 0x8 { return frame.closeCode ?? 0 }
        }
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs.
    fileprivate var trimmingSpaces: String {
        var s = self
        while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" { s.removeLast() }
        return String(s)
    }
}
