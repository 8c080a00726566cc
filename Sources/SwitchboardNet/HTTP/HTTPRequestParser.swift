import Glibc

/// A resumable HTTP/1.1 request parser (RFC 9112) over caller-owned bytes, with hard limits.
///
/// Contract: call `parse(_:)` on the unconsumed bytes, drop `consumed` bytes, and call again while it returns an
/// event. `(0, nil)` means more bytes are needed: keep the unconsumed bytes and call again with them plus new
/// bytes appended. The parser remembers how far it scanned, so a head arriving byte by byte is scanned once, and
/// framing bytes it has processed but not yet reported (chunk-size lines, trailers) stay in the caller's buffer
/// until the next event reports them consumed (they are bounded by the limits). After `.end` the parser parses
/// the next pipelined request. After a throw, every later call throws the same error; the connection must close.
public struct HTTPRequestParser: Sendable {
    /// Where in a request the parser is.
    enum State: Sendable, Equatable {
        /// Scanning for a complete head.
        case head
        /// The request had no body: `.end` is next.
        case endPending
        /// Inside a Content-Length body.
        case fixedBody(remaining: Int)
        /// Expecting a chunk-size line.
        case chunkSize
        /// Inside chunk data.
        case chunkData(remaining: Int)
        /// Expecting the CRLF after chunk data.
        case chunkDataEnd
        /// Reading the trailer section after the last chunk.
        case trailers
        /// A parse error occurred; it is thrown again.
        case failed(HTTPParseError)
    }

    /// The limits enforced.
    public let limits: HTTPLimits
    private(set) var state = State.head

    // Progress through bytes not yet reported consumed; offsets are relative to the start of the caller's input.
    /// Bytes already scanned for line ends (so partial input is never rescanned).
    private(set) var scanned = 0
    /// Start of the line being scanned.
    private var lineStart = 0
    /// Head: start of the request line (after ignored empty lines); trailers: start of the trailer section.
    private var sectionStart = 0
    /// Head: index of the CR ending the request line, once seen.
    private var requestLineEnd = -1
    /// Field lines seen in the head or trailer section being scanned.
    private var fieldLines = 0
    /// Body bytes of the current request so far (declared chunk sizes).
    private var bodyBytes = 0

    /// A parser at the start of a connection.
    public init(limits: HTTPLimits = .default) {
        self.limits = limits
    }

    /// Returns the parser to the start of a connection (for reusing a connection record).
    public mutating func reset() {
        state = .head
        bodyBytes = 0
        resetScan()
    }

    /// Whether the parser waits for a new request head (no request is partly parsed beyond what the caller holds).
    public var isAwaitingHead: Bool { state == .head }

    /// Parses as far as the next event.
    /// - Parameter input: the unconsumed bytes; after `(0, nil)`, the same bytes with more appended.
    /// - Returns: how many bytes of `input` are consumed, and the event, or nil when more bytes are needed.
    /// - Throws: `HTTPParseError` for malformed input or an exceeded limit; answer `error.status` and close.
    public mutating func parse(_ input: UnsafeRawBufferPointer) throws(HTTPParseError) -> (consumed: Int, event: HTTPParserEvent?) {
        do throws(HTTPParseError) {
            switch state {
            case .head:
                return try parseHead(input)
            case .endPending:
                state = .head
                return (0, .end)
            case .fixedBody(let remaining):
                guard !input.isEmpty else { return (0, nil) }
                let take = min(remaining, input.count)
                state = take == remaining ? .endPending : .fixedBody(remaining: remaining - take)
                return (take, .body(UnsafeRawBufferPointer(rebasing: input[0..<take])))
            case .chunkSize, .chunkData, .chunkDataEnd, .trailers:
                return try parseChunked(input)
            case .failed(let error):
                throw error
            }
        } catch {
            state = .failed(error)
            throw error
        }
    }

    /// Forgets the scan progress through unreported bytes (the next request starts at the caller's offset 0).
    private mutating func resetScan() {
        scanned = 0
        lineStart = 0
        sectionStart = 0
        requestLineEnd = -1
        fieldLines = 0
    }

    /// Finds the next LF at or after `from`.
    @inline(__always)
    private static func findLineFeed(_ input: UnsafeRawBufferPointer, from: Int) -> Int? {
        guard from < input.count, let base = input.baseAddress else { return nil }
        guard let found = memchr(base + from, Int32(HTTPBytes.lf), input.count - from) else { return nil }
        return base.distance(to: UnsafeRawPointer(found))
    }

    // MARK: - Head (RFC 9112 §2.1, §3, §5)

    /// Scans for the end of the head, enforcing the limits on partial input, then parses it whole.
    private mutating func parseHead(_ input: UnsafeRawBufferPointer) throws(HTTPParseError) -> (consumed: Int, event: HTTPParserEvent?) {
        precondition(scanned <= input.count, "the caller must present the bytes it kept after (0, nil)")
        while let lineFeed = Self.findLineFeed(input, from: scanned) {
            // RFC 9112 §2.2: lines end in CRLF; a bare LF is refused rather than guessed at.
            guard lineFeed > lineStart, input[lineFeed - 1] == HTTPBytes.cr else { throw .bareLineBreak }
            let lineEnd = lineFeed - 1
            let next = lineFeed + 1
            scanned = next
            if lineEnd == lineStart {
                if requestLineEnd >= 0 {
                    guard next - sectionStart <= limits.maxHeadBytes else { throw .headerFieldsTooLarge }
                    let head = try makeHead(input, headEnd: next)
                    resetScan()
                    return (next, .head(head))
                }
                // RFC 9112 §2.2: empty lines before the request line are ignored (bounded by the head limit).
                guard next <= limits.maxHeadBytes else { throw .malformedRequestLine }
                lineStart = next
                sectionStart = next
                continue
            }
            if requestLineEnd < 0 {
                guard lineEnd - lineStart <= limits.maxRequestLineBytes else { throw .requestLineTooLong }
                requestLineEnd = lineEnd
            } else {
                fieldLines += 1
                guard fieldLines <= limits.maxHeaderCount else { throw .headerFieldsTooLarge }
            }
            guard next - sectionStart <= limits.maxHeadBytes else { throw .headerFieldsTooLarge }
            lineStart = next
        }
        scanned = input.count
        // Refuse an oversized line or head as soon as it is certain, without waiting for its end.
        if requestLineEnd < 0 {
            var partial = input.count - lineStart
            if partial > 0, input[input.count - 1] == HTTPBytes.cr { partial -= 1 }
            if partial > limits.maxRequestLineBytes { throw .requestLineTooLong }
        }
        if input.count - sectionStart > limits.maxHeadBytes { throw .headerFieldsTooLarge }
        return (0, nil)
    }

    /// Facts gathered from the framing-relevant fields while the field lines are parsed.
    private struct FramingFacts {
        var hostCount = 0
        var contentLength: Int?
        var transferEncodingSeen = false
        var chunkedCount = 0
        var otherCoding = false
        var connectionClose = false
        var connectionKeepAlive = false
        var expectsContinue = false
        var upgradesToWebSocket = false
    }

    /// Parses the complete head in `input[sectionStart..<headEnd]` and applies the message framing rules.
    private mutating func makeHead(_ input: UnsafeRawBufferPointer, headEnd: Int) throws(HTTPParseError) -> HTTPRequestHead {
        let line = try Self.parseRequestLine(UnsafeRawBufferPointer(rebasing: input[sectionStart..<requestLineEnd]))
        var headers = HTTPHeaders(capacity: fieldLines)
        var facts = FramingFacts()
        var start = requestLineEnd + 2
        let fieldsEnd = headEnd - 2
        while start < fieldsEnd {
            guard let lineFeed = Self.findLineFeed(input, from: start) else { break }
            try Self.parseField(UnsafeRawBufferPointer(rebasing: input[start..<(lineFeed - 1)]), into: &headers, facts: &facts)
            start = lineFeed + 1
        }
        let version = line.version
        // RFC 9112 §3.2: exactly one Host in HTTP/1.1; at most one in 1.0.
        if facts.hostCount > 1 || (version == .http11 && facts.hostCount == 0) { throw .invalidHost }
        if facts.upgradesToWebSocket {
            // RFC 6455 §4.1: the opening handshake is a GET without a body. Checked before the body framing, so that
            // neither the length rule (411) nor a declared body masks the method, and no body byte is read as a frame.
            guard line.method == .get else { throw .webSocketUpgradeNotGet }
            if facts.transferEncodingSeen || (facts.contentLength ?? 0) > 0 { throw .webSocketUpgradeWithBody }
        }
        var contentLength = facts.contentLength
        var isChunked = false
        if facts.transferEncodingSeen {
            // RFC 9112 §6.1: both framings at once is a smuggling vector; refuse and close.
            if contentLength != nil { throw .conflictingFraming }
            if version == .http10 { throw .transferEncodingInHTTP10 }
            if facts.otherCoding { throw .unsupportedTransferCoding }
            if facts.chunkedCount != 1 { throw .invalidTransferEncoding }
            isChunked = true
            contentLength = nil
        } else if let length = contentLength {
            if length > limits.maxBodyBytes { throw .bodyTooLarge }
        } else if line.method.requiresBodyFraming {
            throw .lengthRequired
        }
        let keepAlive = version == .http11 ? !facts.connectionClose : (facts.connectionKeepAlive && !facts.connectionClose)
        let head = HTTPRequestHead(
            method: line.method, target: line.target, path: line.path, query: line.query, version: version, headers: headers,
            keepAlive: keepAlive, contentLength: contentLength, isChunked: isChunked,
            expectsContinue: facts.expectsContinue && version == .http11
        )
        bodyBytes = 0
        if isChunked {
            state = .chunkSize
        } else if let length = contentLength, length > 0 {
            state = .fixedBody(remaining: length)
        } else {
            state = .endPending
        }
        return head
    }

    /// The parts of a request line.
    private struct RequestLine {
        var method: HTTPMethod
        var target: String
        var path: String
        var query: String
        var version: HTTPVersion
    }

    /// Parses `method SP request-target SP HTTP-version` (RFC 9112 §3); structure is checked before the method,
    /// so a malformed line is 400 and only a well-formed line with an unknown method is 501.
    private static func parseRequestLine(_ line: UnsafeRawBufferPointer) throws(HTTPParseError) -> RequestLine {
        var index = 0
        while index < line.count, HTTPBytes.isTokenChar(line[index]) { index += 1 }
        let methodEnd = index
        guard methodEnd > 0, methodEnd < line.count, line[methodEnd] == HTTPBytes.space else { throw .malformedRequestLine }
        let targetStart = methodEnd + 1
        index = targetStart
        while index < line.count, line[index] > 0x20, line[index] < 0x7F { index += 1 }
        let targetEnd = index
        guard targetEnd > targetStart, targetEnd < line.count, line[targetEnd] == HTTPBytes.space else {
            throw .malformedRequestLine
        }
        let version = try parseVersion(UnsafeRawBufferPointer(rebasing: line[(targetEnd + 1)...]))
        guard let method = HTTPMethod.match(UnsafeRawBufferPointer(rebasing: line[0..<methodEnd])) else {
            throw .unsupportedMethod
        }
        let targetBytes = UnsafeRawBufferPointer(rebasing: line[targetStart..<targetEnd])
        let target = String(decoding: targetBytes, as: UTF8.self)
        if targetBytes[0] == 0x2A {  // "*"
            // RFC 9112 §3.2.4: asterisk-form only for a server-wide OPTIONS.
            guard targetBytes.count == 1, method == .options else { throw .invalidRequestTarget }
            return RequestLine(method: method, target: target, path: "*", query: "", version: version)
        }
        // RFC 9112 §3.2.1: origin-form = absolute-path [ "?" query ]; no fragment is sent.
        guard targetBytes[0] == 0x2F, !targetBytes.contains(0x23) else { throw .invalidRequestTarget }
        let queryMark = targetBytes.firstIndex(of: 0x3F) ?? targetBytes.count
        guard let path = HTTPRequestHead.percentDecodedPath(UnsafeRawBufferPointer(rebasing: targetBytes[0..<queryMark])) else {
            throw .invalidRequestTarget
        }
        let query =
            queryMark < targetBytes.count
            ? String(decoding: UnsafeRawBufferPointer(rebasing: targetBytes[(queryMark + 1)...]), as: UTF8.self) : ""
        return RequestLine(method: method, target: target, path: path, query: query, version: version)
    }

    /// Parses `HTTP/DIGIT.DIGIT` (RFC 9112 §2.3): other well-formed versions are 505, anything else 400.
    private static func parseVersion(_ bytes: UnsafeRawBufferPointer) throws(HTTPParseError) -> HTTPVersion {
        guard bytes.count == 8, bytes[0] == 0x48, bytes[1] == 0x54, bytes[2] == 0x54, bytes[3] == 0x50, bytes[4] == 0x2F,
            bytes[6] == 0x2E, (0x30...0x39).contains(bytes[5]), (0x30...0x39).contains(bytes[7])
        else { throw .malformedRequestLine }
        guard bytes[5] == 0x31, bytes[7] == 0x30 || bytes[7] == 0x31 else { throw .unsupportedVersion }
        return bytes[7] == 0x31 ? .http11 : .http10
    }

    /// Parses one `field-name ":" OWS field-value OWS` line (RFC 9112 §5) and notes framing facts.
    private static func parseField(
        _ line: UnsafeRawBufferPointer, into headers: inout HTTPHeaders, facts: inout FramingFacts
    ) throws(HTTPParseError) {
        // RFC 9112 §5.2: obs-fold is refused with 400.
        if HTTPBytes.isWhitespace(line[0]) { throw .obsoleteLineFolding }
        var index = 0
        while index < line.count, HTTPBytes.isTokenChar(line[index]) { index += 1 }
        guard index < line.count, index > 0 else { throw .invalidHeaderName }
        let nameEnd = index
        switch line[nameEnd] {
        case HTTPBytes.colon: break
        case HTTPBytes.space, HTTPBytes.tab: throw .whitespaceBeforeColon  // RFC 9112 §5.1
        default: throw .invalidHeaderName
        }
        var valueStart = nameEnd + 1
        var valueEnd = line.count
        while valueStart < valueEnd, HTTPBytes.isWhitespace(line[valueStart]) { valueStart += 1 }
        while valueEnd > valueStart, HTTPBytes.isWhitespace(line[valueEnd - 1]) { valueEnd -= 1 }
        for position in valueStart..<valueEnd where !HTTPBytes.isFieldValueChar(line[position]) {
            throw line[position] == HTTPBytes.cr ? .bareLineBreak : .invalidHeaderValue
        }
        let name = UnsafeRawBufferPointer(rebasing: line[0..<nameEnd])
        let value = UnsafeRawBufferPointer(rebasing: line[valueStart..<valueEnd])
        try noteFraming(name: name, value: value, facts: &facts)
        headers.add(String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self))
    }

    /// Records what a framing-relevant field says (Host, Content-Length, Transfer-Encoding, Connection, Expect, Upgrade).
    private static func noteFraming(
        name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer, facts: inout FramingFacts
    ) throws(HTTPParseError) {
        switch name.count {
        case 4 where HTTPBytes.equalsLowercased(name, "host"):
            facts.hostCount += 1
        case 7 where HTTPBytes.equalsLowercased(name, "upgrade"):
            try forEachElement(value, allowEmpty: true) { (element) throws(HTTPParseError) in
                if HTTPBytes.equalsLowercased(element, "websocket") { facts.upgradesToWebSocket = true }
            }
        case 6 where HTTPBytes.equalsLowercased(name, "expect"):
            if HTTPBytes.equalsLowercased(value, "100-continue") { facts.expectsContinue = true }
        case 10 where HTTPBytes.equalsLowercased(name, "connection"):
            try forEachElement(value, allowEmpty: true) { (element) throws(HTTPParseError) in
                if HTTPBytes.equalsLowercased(element, "close") { facts.connectionClose = true }
                if HTTPBytes.equalsLowercased(element, "keep-alive") { facts.connectionKeepAlive = true }
            }
        case 14 where HTTPBytes.equalsLowercased(name, "content-length"):
            // RFC 9112 §6.3 item 5: a list of identical values is one value; differing or non-digit values are 400.
            try forEachElement(value, allowEmpty: false) { (element) throws(HTTPParseError) in
                let length = try parseDecimal(element)
                if let known = facts.contentLength, known != length { throw .invalidContentLength }
                facts.contentLength = length
            }
        case 17 where HTTPBytes.equalsLowercased(name, "transfer-encoding"):
            facts.transferEncodingSeen = true
            try forEachElement(value, allowEmpty: true) { (element) throws(HTTPParseError) in
                if HTTPBytes.equalsLowercased(element, "chunked") {
                    // RFC 9112 §6.1: chunked is applied once; a repeat is refused.
                    facts.chunkedCount += 1
                } else {
                    facts.otherCoding = true
                }
            }
        default:
            break
        }
    }

    /// Calls `body` with each comma-separated list element, OWS trimmed (RFC 9110 §5.6.1).
    private static func forEachElement(
        _ value: UnsafeRawBufferPointer, allowEmpty: Bool, _ body: (UnsafeRawBufferPointer) throws(HTTPParseError) -> Void
    ) throws(HTTPParseError) {
        var start = 0
        while start <= value.count {
            var end = start
            while end < value.count, value[end] != 0x2C { end += 1 }
            var first = start
            var last = end
            while first < last, HTTPBytes.isWhitespace(value[first]) { first += 1 }
            while last > first, HTTPBytes.isWhitespace(value[last - 1]) { last -= 1 }
            if first == last {
                if !allowEmpty { throw .invalidContentLength }
            } else {
                try body(UnsafeRawBufferPointer(rebasing: value[first..<last]))
            }
            start = end + 1
        }
    }

    /// Parses `1*DIGIT` (RFC 9112 §6.3) with an overflow check.
    private static func parseDecimal(_ digits: UnsafeRawBufferPointer) throws(HTTPParseError) -> Int {
        var result = 0
        for byte in digits {
            guard byte >= 0x30, byte <= 0x39 else { throw .invalidContentLength }
            let (times10, overflow1) = result.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(Int(byte - 0x30))
            guard !overflow1, !overflow2 else { throw .invalidContentLength }
            result = sum
        }
        return result
    }

    // MARK: - Chunked body (RFC 9112 §7.1)

    /// Decodes chunked framing: chunk-size lines and trailers are processed in place and reported consumed
    /// with the next event; chunk data is returned as `.body` slices.
    private mutating func parseChunked(_ input: UnsafeRawBufferPointer) throws(HTTPParseError) -> (consumed: Int, event: HTTPParserEvent?) {
        precondition(scanned <= input.count, "the caller must present the bytes it kept after (0, nil)")
        while true {
            switch state {
            case .chunkSize:
                guard let lineFeed = Self.findLineFeed(input, from: scanned) else {
                    scanned = input.count
                    if input.count - lineStart > limits.maxChunkLineBytes + 1 { throw .invalidChunk }
                    return (0, nil)
                }
                guard lineFeed > lineStart, input[lineFeed - 1] == HTTPBytes.cr else { throw .bareLineBreak }
                guard lineFeed - 1 - lineStart <= limits.maxChunkLineBytes else { throw .invalidChunk }
                let size = try chunkSize(UnsafeRawBufferPointer(rebasing: input[lineStart..<(lineFeed - 1)]))
                lineStart = lineFeed + 1
                scanned = lineStart
                if size == 0 {
                    sectionStart = lineStart
                    fieldLines = 0
                    state = .trailers
                } else {
                    bodyBytes += size
                    state = .chunkData(remaining: size)
                }
            case .chunkData(let remaining):
                guard lineStart < input.count else { return (0, nil) }
                let take = min(remaining, input.count - lineStart)
                let slice = UnsafeRawBufferPointer(rebasing: input[lineStart..<(lineStart + take)])
                let consumed = lineStart + take
                resetScan()
                state = take == remaining ? .chunkDataEnd : .chunkData(remaining: remaining - take)
                return (consumed, .body(slice))
            case .chunkDataEnd:
                let available = input.count - lineStart
                if available >= 1, input[lineStart] != HTTPBytes.cr { throw .invalidChunk }
                if available >= 2, input[lineStart + 1] != HTTPBytes.lf { throw .invalidChunk }
                guard available >= 2 else { return (0, nil) }
                lineStart += 2
                scanned = lineStart
                state = .chunkSize
            case .trailers:
                // RFC 9112 §7.1.2: trailer fields are bounded like a head and then discarded.
                guard let lineFeed = Self.findLineFeed(input, from: scanned) else {
                    scanned = input.count
                    if input.count - sectionStart > limits.maxHeadBytes { throw .headerFieldsTooLarge }
                    return (0, nil)
                }
                guard lineFeed > lineStart, input[lineFeed - 1] == HTTPBytes.cr else { throw .bareLineBreak }
                let lineEnd = lineFeed - 1
                let next = lineFeed + 1
                if lineEnd == lineStart {
                    resetScan()
                    state = .head
                    return (next, .end)
                }
                fieldLines += 1
                guard fieldLines <= limits.maxHeaderCount, next - sectionStart <= limits.maxHeadBytes else {
                    throw .headerFieldsTooLarge
                }
                if HTTPBytes.isWhitespace(input[lineStart]) { throw .obsoleteLineFolding }
                for position in lineStart..<lineEnd where !HTTPBytes.isFieldValueChar(input[position]) {
                    throw input[position] == HTTPBytes.cr ? .bareLineBreak : .invalidHeaderValue
                }
                lineStart = next
                scanned = next
            default:
                preconditionFailure("parseChunked outside a chunked body")
            }
        }
    }

    /// Parses `chunk-size [ chunk-ext ]` (RFC 9112 §7.1.1): hex digits, then extensions that are ignored.
    private func chunkSize(_ line: UnsafeRawBufferPointer) throws(HTTPParseError) -> Int {
        var size = 0
        var index = 0
        let room = limits.maxBodyBytes - bodyBytes
        while index < line.count, let digit = HTTPBytes.hexValue(line[index]) {
            // Bounded by the remaining body allowance (and Int), so the accumulation cannot overflow.
            if size > Int.max >> 4 { throw .bodyTooLarge }
            size = size << 4 | digit
            if size > room { throw .bodyTooLarge }
            index += 1
        }
        guard index > 0 else { throw .invalidChunk }
        while index < line.count, HTTPBytes.isWhitespace(line[index]) { index += 1 }
        guard index < line.count else { return size }
        guard line[index] == 0x3B else { throw .invalidChunk }  // ";" chunk-ext
        for position in index..<line.count where !HTTPBytes.isFieldValueChar(line[position]) {
            throw line[position] == HTTPBytes.cr ? .bareLineBreak : .invalidChunk
        }
        return size
    }
}
