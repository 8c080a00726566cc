/// Reads one HTTP/1.1 response from the bytes of a connection, in whatever pieces they arrive (RFC 9112): the status
/// line and headers, then a body framed by `Transfer-Encoding: chunked`, `Content-Length`, or the connection's end.
/// Interim `1xx` responses are skipped. A client sends one request at a time, so bytes after the response mean the
/// connection cannot be reused.
struct HTTPClientResponseParser {
    /// How the body ends.
    private enum Framing: Equatable { case length(Int), chunked, untilClose }

    /// The most header bytes accepted.
    static let maxHeadBytes = 64 * 1024

    private let maxBodyBytes: Int
    private var buffer: [UInt8] = []
    private var head: (status: Int, headers: [HTTPField], keepAlive: Bool, framing: Framing, bodyStart: Int)?

    /// A parser that refuses bodies over `maxBodyBytes`.
    init(maxBodyBytes: Int) { self.maxBodyBytes = maxBodyBytes }

    /// Adds bytes read from the connection.
    /// - Returns: the response once it is whole, with whether the connection may carry the next request.
    /// - Throws: `.malformedResponse`, `.responseTooLarge`.
    mutating func feed(_ bytes: UnsafeRawBufferPointer) throws(HTTPClientError) -> (HTTPClientResponse, keepAlive: Bool)? {
        buffer.append(contentsOf: bytes)
        return try parse()
    }

    /// The connection ended: the response when its body runs to the end of the connection.
    /// - Throws: `.connectionClosed` when the response is not whole.
    mutating func finish() throws(HTTPClientError) -> HTTPClientResponse {
        guard let head, head.framing == .untilClose else { throw .connectionClosed }
        return HTTPClientResponse(status: head.status, headers: head.headers, body: Array(buffer[head.bodyStart...]))
    }

    private mutating func parse() throws(HTTPClientError) -> (HTTPClientResponse, keepAlive: Bool)? {
        while head == nil {
            guard let end = Self.find([13, 10, 13, 10], in: buffer, from: 0) else {
                if buffer.count > Self.maxHeadBytes { throw .malformedResponse("headers over \(Self.maxHeadBytes) bytes") }
                return nil
            }
            let parsed = try Self.parseHead(buffer[..<end])
            if (100..<200).contains(parsed.status) {
                buffer.removeFirst(end + 4)  // an interim response (100 Continue): the real one follows
                continue
            }
            head = (parsed.status, parsed.headers, parsed.keepAlive, parsed.framing, end + 4)
        }
        guard let head else { return nil }
        let available = buffer.count - head.bodyStart
        switch head.framing {
        case .length(let length):
            if length > maxBodyBytes { throw .responseTooLarge(maxBodyBytes) }
            guard available >= length else { return nil }
            let body = Array(buffer[head.bodyStart..<(head.bodyStart + length)])
            return (HTTPClientResponse(status: head.status, headers: head.headers, body: body), head.keepAlive && available == length)
        case .untilClose:
            if available > maxBodyBytes { throw .responseTooLarge(maxBodyBytes) }
            return nil
        case .chunked:
            guard let (body, end) = try dechunk(from: head.bodyStart) else { return nil }
            return (HTTPClientResponse(status: head.status, headers: head.headers, body: body), head.keepAlive && end == buffer.count)
        }
    }

    /// The chunked body from `start`, and where it ends; nil while incomplete.
    private func dechunk(from start: Int) throws(HTTPClientError) -> ([UInt8], Int)? {
        var body: [UInt8] = []
        var at = start
        while true {
            guard let lineEnd = Self.find([13, 10], in: buffer, from: at) else { return nil }
            let line = buffer[at..<lineEnd].prefix { $0 != UInt8(ascii: ";") }
            let digits = String(decoding: line, as: UTF8.self).trimmingCharacters(in: " \t")
            guard !digits.isEmpty, digits.count <= 8, let size = Int(digits, radix: 16) else {
                throw .malformedResponse("bad chunk size")
            }
            at = lineEnd + 2
            if size == 0 {
                // Optional trailer lines, then an empty line.
                while true {
                    guard let end = Self.find([13, 10], in: buffer, from: at) else { return nil }
                    if end == at { return (body, end + 2) }
                    at = end + 2
                }
            }
            if body.count + size > maxBodyBytes { throw .responseTooLarge(maxBodyBytes) }
            guard buffer.count >= at + size + 2 else { return nil }
            body.append(contentsOf: buffer[at..<(at + size)])
            guard buffer[at + size] == 13, buffer[at + size + 1] == 10 else { throw .malformedResponse("chunk without CRLF") }
            at += size + 2
        }
    }

    private static func parseHead(_ bytes: ArraySlice<UInt8>) throws(HTTPClientError)
        -> (status: Int, headers: [HTTPField], keepAlive: Bool, framing: Framing) {
        let text = String(decoding: bytes, as: UTF8.self)
        var lines = text.split(separator: "\r\n", omittingEmptySubsequences: false)
        let statusLine = lines.removeFirst()
        let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0] == "HTTP/1.1" || parts[0] == "HTTP/1.0", parts[1].count == 3,
              let status = Int(parts[1]), (100...599).contains(status) else {
            throw .malformedResponse("bad status line \(statusLine.prefix(40))")
        }
        var headers: [HTTPField] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else { throw .malformedResponse("bad header line") }
            headers.append(HTTPField(String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: " \t")))
        }
        func values(_ name: String) -> [String] { headers.filter { $0.name.lowercased() == name }.map { $0.value.lowercased() } }
        let connection = values("connection").joined(separator: ",")
        var keepAlive = parts[0] == "HTTP/1.1" ? !connection.contains("close") : connection.contains("keep-alive")
        let framing: Framing
        if values("transfer-encoding").joined(separator: ",").contains("chunked") {
            framing = .chunked
        } else if let length = values("content-length").first {
            guard let n = Int(length), n >= 0, Set(values("content-length")).count == 1 else {
                throw .malformedResponse("bad Content-Length")
            }
            framing = .length(n)
        } else if status == 204 || status == 304 {
            framing = .length(0)
        } else {
            framing = .untilClose
            keepAlive = false
        }
        return (status, headers, keepAlive, framing)
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        var i = start
        while i + needle.count <= haystack.count {
            if haystack[i] == needle[0], haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }
}

private extension String {
    func trimmingCharacters(in set: String) -> String {
        let skip = Set(set)
        var s = Substring(self)
        while let c = s.first, skip.contains(c) { s.removeFirst() }
        while let c = s.last, skip.contains(c) { s.removeLast() }
        return String(s)
    }
}

private extension Substring {
    func trimmingCharacters(in set: String) -> String { String(self).trimmingCharacters(in: set) }
}
