import Testing
import TestSupport
@testable import SwitchboardNet

/// An event as recorded by the test driver: body slices copied out of the parser's input.
enum HTTPRecordedEvent: Equatable, CustomStringConvertible {
    case head(HTTPRequestHead)
    case body([UInt8])
    case end

    var description: String {
        switch self {
        case .head(let head): "head(\(head.method) \(head.target))"
        case .body(let bytes): "body(\(String(decoding: bytes, as: UTF8.self)))"
        case .end: "end"
        }
    }
}

/// Plays the caller's side of the parser contract: keeps unconsumed bytes, appends new ones, loops on events.
struct HTTPParserDriver {
    var parser: HTTPRequestParser
    var pending: [UInt8] = []
    var events: [HTTPRecordedEvent] = []

    init(limits: HTTPLimits = .default) { parser = HTTPRequestParser(limits: limits) }

    mutating func feed(_ bytes: [UInt8]) throws(HTTPParseError) {
        pending += bytes
        while true {
            var parser = self.parser
            var outcome: Result<(Int, HTTPRecordedEvent?), HTTPParseError> = .success((0, nil))
            pending.withUnsafeBytes { raw in
                do throws(HTTPParseError) {
                    let (consumed, event) = try parser.parse(raw)
                    precondition(consumed <= raw.count)
                    switch event {
                    case .head(let head): outcome = .success((consumed, .head(head)))
                    case .body(let slice): outcome = .success((consumed, .body(Array(slice))))
                    case .end: outcome = .success((consumed, .end))
                    case nil: outcome = .success((consumed, nil))
                    }
                } catch {
                    outcome = .failure(error)
                }
            }
            self.parser = parser
            let (consumed, event) = try outcome.get()
            pending.removeFirst(consumed)
            guard let event else { return }
            // Adjacent body pieces are merged so that events compare equal however the input was split.
            if case .body(let more) = event, case .body(let before) = events.last {
                events[events.count - 1] = .body(before + more)
            } else {
                events.append(event)
            }
        }
    }

    /// The events of `wire` fed in the given pieces.
    static func events(_ pieces: [[UInt8]], limits: HTTPLimits = .default) throws(HTTPParseError) -> [HTTPRecordedEvent] {
        var driver = HTTPParserDriver(limits: limits)
        for piece in pieces { try driver.feed(piece) }
        return driver.events
    }

    /// The single head parsed from `text`.
    static func head(_ text: String) throws(HTTPParseError) -> HTTPRequestHead {
        let events = try events([Array(text.utf8)])
        guard case .head(let head) = events.first else { preconditionFailure("no head in \(text)") }
        return head
    }

    /// The error parsing `bytes` throws, or nil.
    static func error(_ bytes: [UInt8], limits: HTTPLimits = .default) -> HTTPParseError? {
        do {
            _ = try events([bytes], limits: limits)
            return nil
        } catch {
            return error
        }
    }
}

@Suite struct HTTPRequestParserTests {
    static let pipeline = Array(
        ("GET /api/campaigns/7?full=1 HTTP/1.1\r\nHost: x\r\nCookie: sid=abc\r\n\r\n"
            + "POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;name=value\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: 1\r\n\r\n"
            + "POST /form HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\nExpect: 100-continue\r\n\r\nfield=value"
            + "\r\nDELETE /api/campaigns/7 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").utf8)

    static func expectedPipeline() throws -> [HTTPRecordedEvent] {
        try HTTPParserDriver.events([pipeline])
    }

    @Test func parsesAPipelineOfRequests() throws {
        let events = try Self.expectedPipeline()
        #expect(events.count == 10)
        guard case .head(let get) = events[0], case .head(let chunked) = events[2], case .head(let fixed) = events[5],
            case .head(let delete) = events[8]
        else {
            Issue.record("unexpected events \(events)")
            return
        }
        #expect(get.method == .get && get.path == "/api/campaigns/7" && get.query == "full=1" && get.keepAlive)
        #expect(get.cookie("sid") == "abc")
        #expect(events[1] == .end)
        #expect(chunked.isChunked && chunked.contentLength == nil)
        #expect(events[3] == .body(Array("hello world".utf8)))
        #expect(events[4] == .end)
        #expect(fixed.contentLength == 11 && fixed.expectsContinue && !fixed.isChunked)
        #expect(events[6] == .body(Array("field=value".utf8)))
        #expect(events[7] == .end)
        #expect(delete.method == .delete && !delete.keepAlive)
        #expect(events[9] == .end)
    }

    @Test func givesIdenticalEventsAtEverySplit() throws {
        let expected = try Self.expectedPipeline()
        for (prefix, suffix) in Self.pipeline.everySplit() {
            let events = try HTTPParserDriver.events([prefix, suffix])
            #expect(events == expected, "split at \(prefix.count)")
        }
    }

    @Test(arguments: [1, 2, 3, 5, 7, 13, 64, 4096])
    func givesIdenticalEventsInChunks(size: Int) throws {
        #expect(try HTTPParserDriver.events(Self.pipeline.chunked(by: size)) == Self.expectedPipeline())
    }

    @Test func bodySlicesComeFromTheInput() throws {
        var parser = HTTPRequestParser()
        let wire = Array("PUT /x HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabcGET".utf8)
        try wire.withUnsafeBytes { raw in
            let (headBytes, head) = try parser.parse(raw)
            guard case .head = head else { Issue.record("expected head"); return }
            let rest = UnsafeRawBufferPointer(rebasing: raw[headBytes...])
            let (bodyBytes, body) = try parser.parse(rest)
            guard case .body(let slice) = body else { Issue.record("expected body"); return }
            #expect(bodyBytes == 3 && slice.baseAddress == rest.baseAddress && Array(slice) == Array("abc".utf8))
            let (endBytes, end) = try parser.parse(UnsafeRawBufferPointer(rebasing: rest[3...]))
            guard case .end = end else { Issue.record("expected end"); return }
            #expect(endBytes == 0)
            #expect(parser.isAwaitingHead)
        }
    }

    @Test func needsMoreBytesReturnsZeroConsumed() throws {
        var parser = HTTPRequestParser()
        let partial = Array("GET / HTTP/1.1\r\nHost: x\r\n".utf8)
        let result = try partial.withUnsafeBytes { try parser.parse($0) }
        #expect(result.consumed == 0 && result.event == nil)
    }

    // MARK: - Errors

    struct ErrorCase: CustomTestStringConvertible, Sendable {
        let wire: String
        let error: HTTPParseError
        let status: Int
        var testDescription: String { "\(status): \(wire.prefix(60).debugDescription)" }
    }

    static let errorCases: [ErrorCase] = [
        ErrorCase(wire: "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
                  error: .conflictingFraming, status: 400),
        ErrorCase(wire: "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n",
                  error: .conflictingFraming, status: 400),
        ErrorCase(wire: "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", error: .unsupportedTransferCoding, status: 501),
        ErrorCase(wire: "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, gzip\r\n\r\n",
                  error: .unsupportedTransferCoding, status: 501),
        ErrorCase(wire: "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
                  error: .unsupportedTransferCoding, status: 501),
        ErrorCase(wire: "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, chunked\r\n\r\n",
                  error: .invalidTransferEncoding, status: 400),
        ErrorCase(wire: "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", error: .transferEncodingInHTTP10, status: 400),
        ErrorCase(wire: "POST / HTTP/1.1\r\nHost: x\r\n\r\n", error: .lengthRequired, status: 411),
        // RFC 6455 §4.1: an upgrade is a GET without a body; the method is checked before the length rule.
        ErrorCase(wire: "POST /live HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n",
                  error: .webSocketUpgradeNotGet, status: 405),
        ErrorCase(wire: "PUT /live HTTP/1.1\r\nHost: x\r\nUpgrade: WebSocket\r\nContent-Length: 5\r\n\r\n",
                  error: .webSocketUpgradeNotGet, status: 405),
        ErrorCase(wire: "POST /live HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
                  error: .webSocketUpgradeNotGet, status: 405),
        ErrorCase(wire: "DELETE /live HTTP/1.1\r\nHost: x\r\nUpgrade: h2c, websocket\r\n\r\n", error: .webSocketUpgradeNotGet, status: 405),
        ErrorCase(wire: "GET /live HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nContent-Length: 4\r\n\r\n",
                  error: .webSocketUpgradeWithBody, status: 400),
        ErrorCase(wire: "GET /live HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nTransfer-Encoding: chunked\r\n\r\n",
                  error: .webSocketUpgradeWithBody, status: 400),
        ErrorCase(wire: "GET /live HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nTransfer-Encoding: gzip\r\n\r\n",
                  error: .webSocketUpgradeWithBody, status: 400),
        ErrorCase(wire: "PUT / HTTP/1.1\r\nHost: x\r\n\r\n", error: .lengthRequired, status: 411),
        ErrorCase(wire: "PATCH / HTTP/1.1\r\nHost: x\r\n\r\n", error: .lengthRequired, status: 411),
        ErrorCase(wire: "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1x\r\n\r\n", error: .invalidContentLength, status: 400),
        ErrorCase(wire: "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", error: .invalidContentLength, status: 400),
        ErrorCase(wire: "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: \r\n\r\n", error: .invalidContentLength, status: 400),
        ErrorCase(wire: "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n",
                  error: .invalidContentLength, status: 400),
        ErrorCase(wire: "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n",
                  error: .invalidContentLength, status: 400),
        ErrorCase(wire: "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3, 4\r\n\r\n", error: .invalidContentLength, status: 400),
        ErrorCase(wire: "GET / HTTP/1.1\r\n\r\n", error: .invalidHost, status: 400),
        ErrorCase(wire: "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", error: .invalidHost, status: 400),
        ErrorCase(wire: "GET / HTTP/1.1\r\nHost : x\r\n\r\n", error: .whitespaceBeforeColon, status: 400),
        ErrorCase(wire: "GET / HTTP/1.1\r\nHost\t: x\r\n\r\n", error: .whitespaceBeforeColon, status: 400),
        ErrorCase(wire: "GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n 2\r\n\r\n", error: .obsoleteLineFolding, status: 400),
        ErrorCase(wire: "GET / HTTP/1.1\r\nHost: x\r\nX(A): 1\r\n\r\n", error: .invalidHeaderName, status: 400),
        ErrorCase(wire: "GET / HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n", error: .invalidHeaderName, status: 400),
        ErrorCase(wire: "GET / HTTP/1.1\r\nHost: x\r\n: empty\r\n\r\n", error: .invalidHeaderName, status: 400),
        ErrorCase(wire: "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\u{01}b\r\n\r\n", error: .invalidHeaderValue, status: 400),
        ErrorCase(wire: "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\u{7F}\r\n\r\n", error: .invalidHeaderValue, status: 400),
        ErrorCase(wire: "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n", error: .bareLineBreak, status: 400),
        ErrorCase(wire: "GET / HTTP/1.1\r\nHost: x\nX-A: b\r\n\r\n", error: .bareLineBreak, status: 400),
        ErrorCase(wire: "GET / HTTP/1.1\nHost: x\r\n\r\n", error: .bareLineBreak, status: 400),
        ErrorCase(wire: "GET /\r HTTP/1.1\r\nHost: x\r\n\r\n", error: .malformedRequestLine, status: 400),
        ErrorCase(wire: "TRACE / HTTP/1.1\r\nHost: x\r\n\r\n", error: .unsupportedMethod, status: 501),
        ErrorCase(wire: "CONNECT example.com:443 HTTP/1.1\r\nHost: x\r\n\r\n", error: .unsupportedMethod, status: 501),
        ErrorCase(wire: "get / HTTP/1.1\r\nHost: x\r\n\r\n", error: .unsupportedMethod, status: 501),
        ErrorCase(wire: "GET  / HTTP/1.1\r\nHost: x\r\n\r\n", error: .malformedRequestLine, status: 400),
        ErrorCase(wire: "GET / HTTP/1.1 \r\nHost: x\r\n\r\n", error: .malformedRequestLine, status: 400),
        ErrorCase(wire: "GET /\r\nHost: x\r\n\r\n", error: .malformedRequestLine, status: 400),
        ErrorCase(wire: "G(T / HTTP/1.1\r\nHost: x\r\n\r\n", error: .malformedRequestLine, status: 400),
        ErrorCase(wire: "GET / http/1.1\r\nHost: x\r\n\r\n", error: .malformedRequestLine, status: 400),
        ErrorCase(wire: "GET / HTTP/1.10\r\nHost: x\r\n\r\n", error: .malformedRequestLine, status: 400),
        ErrorCase(wire: "GET / HTTP/2.0\r\nHost: x\r\n\r\n", error: .unsupportedVersion, status: 505),
        ErrorCase(wire: "GET / HTTP/1.2\r\nHost: x\r\n\r\n", error: .unsupportedVersion, status: 505),
        ErrorCase(wire: "GET / HTTP/0.9\r\nHost: x\r\n\r\n", error: .unsupportedVersion, status: 505),
        ErrorCase(wire: "GET http://example.com/ HTTP/1.1\r\nHost: x\r\n\r\n", error: .invalidRequestTarget, status: 400),
        ErrorCase(wire: "GET * HTTP/1.1\r\nHost: x\r\n\r\n", error: .invalidRequestTarget, status: 400),
        ErrorCase(wire: "GET /a#frag HTTP/1.1\r\nHost: x\r\n\r\n", error: .invalidRequestTarget, status: 400),
        ErrorCase(wire: "GET /a%2 HTTP/1.1\r\nHost: x\r\n\r\n", error: .invalidRequestTarget, status: 400),
        ErrorCase(wire: "GET /a%zz HTTP/1.1\r\nHost: x\r\n\r\n", error: .invalidRequestTarget, status: 400),
        ErrorCase(wire: "GET /a%ff HTTP/1.1\r\nHost: x\r\n\r\n", error: .invalidRequestTarget, status: 400),
        ErrorCase(wire: "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nz\r\n", error: .invalidChunk, status: 400),
        ErrorCase(wire: "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n\r\n", error: .invalidChunk, status: 400),
        ErrorCase(wire: "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3 x\r\n", error: .invalidChunk, status: 400),
        ErrorCase(wire: "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX", error: .invalidChunk, status: 400),
        ErrorCase(wire: "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\rX", error: .invalidChunk, status: 400),
        ErrorCase(wire: "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFFFF\r\n",
                  error: .bodyTooLarge, status: 413),
        ErrorCase(wire: "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n Folded: x\r\n\r\n",
                  error: .obsoleteLineFolding, status: 400),
    ]

    @Test(arguments: errorCases)
    func refusesMalformedInput(_ testCase: ErrorCase) {
        let wire = Array(testCase.wire.utf8)
        let error = HTTPParserDriver.error(wire)
        #expect(error == testCase.error)
        #expect(error?.status.code == testCase.status)
        #expect(error?.closesConnection == true)
        // The same error whatever the chunking.
        var driver = HTTPParserDriver()
        var bytewise: HTTPParseError?
        do {
            for byte in wire { try driver.feed([byte]) }
        } catch {
            bytewise = error
        }
        #expect(bytewise == testCase.error)
    }

    @Test func keepsFailingAfterAnError() throws {
        var parser = HTTPRequestParser()
        let bad = Array("BREW / HTTP/1.1\r\nHost: x\r\n\r\n".utf8)
        let good = Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8)
        #expect(throws: HTTPParseError.unsupportedMethod) { try bad.withUnsafeBytes { _ = try parser.parse($0) } }
        #expect(throws: HTTPParseError.unsupportedMethod) { try good.withUnsafeBytes { _ = try parser.parse($0) } }
    }

    @Test func resetsAfterAnError() throws {
        var parser = HTTPRequestParser()
        let bad = Array("GET / HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n".utf8)
        #expect(throws: HTTPParseError.invalidHost) { try bad.withUnsafeBytes { _ = try parser.parse($0) } }
        parser.reset()
        let good = Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8)
        let result = try good.withUnsafeBytes { try parser.parse($0) }
        #expect(result.consumed == good.count)
    }

    @Test func mapsEveryErrorToItsStatus() {
        #expect(HTTPParseError.requestLineTooLong.status == .uriTooLong)
        #expect(HTTPParseError.headerFieldsTooLarge.status == .requestHeaderFieldsTooLarge)
        #expect(HTTPParseError.bodyTooLarge.status == .contentTooLarge)
        #expect(HTTPParseError.lengthRequired.status == .lengthRequired)
        #expect(HTTPParseError.unsupportedVersion.status == .httpVersionNotSupported)
        #expect(HTTPParseError.unsupportedMethod.status == .notImplemented)
        #expect(HTTPParseError.unsupportedTransferCoding.status == .notImplemented)
        #expect(HTTPParseError.conflictingFraming.status == .badRequest && HTTPParseError.conflictingFraming.closesConnection)
    }

    @Test func answersANonGetUpgradeWith405AllowingGet() {
        #expect(HTTPParseError.webSocketUpgradeNotGet.status == .methodNotAllowed)
        #expect(HTTPParseError.webSocketUpgradeNotGet.allowedMethods == "GET")
        #expect(HTTPParseError.webSocketUpgradeWithBody.allowedMethods == nil)
    }

    @Test func acceptsAnUpgradeWithAnEmptyBodyAndABodyWithoutUpgrade() throws {
        var driver = HTTPParserDriver()
        try driver.feed(Array("GET /live HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nContent-Length: 0\r\n\r\n".utf8))
        try driver.feed(Array("POST /x HTTP/1.1\r\nHost: x\r\nUpgrade: h2c\r\nContent-Length: 2\r\n\r\nok".utf8))
        #expect(driver.events.count == 5)
        #expect(driver.events[1] == .end && driver.events[3] == .body(Array("ok".utf8)))
    }

    // MARK: - Limits

    static func requestLine(length: Int) -> [UInt8] {
        let prefix = "GET /", suffix = " HTTP/1.1"
        return Array((prefix + String(repeating: "a", count: length - prefix.count - suffix.count) + suffix).utf8)
    }

    @Test func acceptsARequestLineAtTheLimit() throws {
        let line = Self.requestLine(length: 8192)
        let events = try HTTPParserDriver.events([line + Array("\r\nHost: x\r\n\r\n".utf8)])
        #expect(events.count == 2)
    }

    @Test func refusesARequestLineOneOverTheLimit() {
        let line = Self.requestLine(length: 8193)
        #expect(HTTPParserDriver.error(line + Array("\r\nHost: x\r\n\r\n".utf8)) == .requestLineTooLong)
        // Refused without waiting for its CRLF, also when it arrives byte by byte.
        var driver = HTTPParserDriver()
        var fedBytes = 0
        do {
            for byte in line {
                fedBytes += 1
                try driver.feed([byte])
            }
            Issue.record("no error")
        } catch {
            #expect(error == .requestLineTooLong)
            #expect(fedBytes == 8193)
        }
        // A request line exactly at the limit followed by its CR is not refused early.
        var atLimit = HTTPParserDriver()
        #expect(throws: Never.self) { try atLimit.feed(Self.requestLine(length: 8192) + [0x0D]) }
    }

    static func head(totalBytes: Int, fields: Int = 1) -> [UInt8] {
        // "GET / HTTP/1.1\r\n" (16) + fields + "\r\n" (2); the first field is padded to reach the total.
        var text = "GET / HTTP/1.1\r\nHost: x\r\n"
        for index in 1..<fields { text += "X-\(index): v\r\n" }
        let padding = totalBytes - text.utf8.count - "X-Pad: \r\n".utf8.count - 2
        text += "X-Pad: " + String(repeating: "p", count: padding) + "\r\n\r\n"
        precondition(text.utf8.count == totalBytes)
        return Array(text.utf8)
    }

    @Test func acceptsAHeadAtTheLimitAndRefusesOneOver() throws {
        let atLimit = Self.head(totalBytes: 16384)
        #expect(try HTTPParserDriver.events([atLimit]).count == 2)
        let over = Self.head(totalBytes: 16385)
        #expect(HTTPParserDriver.error(over) == .headerFieldsTooLarge)
        // Refused before the end of the head arrives.
        #expect(HTTPParserDriver.error(Array(over[0..<16385 - 3])) == nil)
        var driver = HTTPParserDriver()
        #expect(throws: HTTPParseError.headerFieldsTooLarge) { try driver.feed(Array(over.dropLast(1)) + [0x41]) }
    }

    @Test func acceptsTheMaximumHeaderCountAndRefusesOneMore() throws {
        func request(fields: Int) -> [UInt8] {
            var text = "GET / HTTP/1.1\r\nHost: x\r\n"
            for index in 1..<fields { text += "X-\(index): v\r\n" }
            return Array((text + "\r\n").utf8)
        }
        guard case .head(let head) = try HTTPParserDriver.events([request(fields: 100)]).first else {
            Issue.record("no head")
            return
        }
        #expect(head.headers.count == 100)
        #expect(HTTPParserDriver.error(request(fields: 101)) == .headerFieldsTooLarge)
        // Counted while scanning: the 101st field line alone is enough.
        #expect(HTTPParserDriver.error(Array(request(fields: 101).dropLast(2))) == .headerFieldsTooLarge)
    }

    @Test func acceptsABodyAtTheLimitAndRefusesOneOver() throws {
        let limit = 1 << 20
        let body = [UInt8](repeating: 0x62, count: limit)
        let fixed = Array("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: \(limit)\r\n\r\n".utf8) + body
        #expect(try HTTPParserDriver.events([fixed]) == [
            .head(HTTPParserDriver.head("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: \(limit)\r\n\r\n")), .body(body), .end,
        ])
        #expect(HTTPParserDriver.error(Array("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: \(limit + 1)\r\n\r\n".utf8)) == .bodyTooLarge)

        let chunkedHead = Array("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)
        let half = String(limit / 2, radix: 16)
        let halfBody = [UInt8](repeating: 0x62, count: limit / 2)
        let chunked = chunkedHead + Array("\(half)\r\n".utf8) + halfBody + Array("\r\n\(half)\r\n".utf8) + halfBody
            + Array("\r\n0\r\n\r\n".utf8)
        let events = try HTTPParserDriver.events([chunked])
        #expect(events.count == 3 && events[1] == .body(body))
        let overByOne = chunkedHead + Array("\(half)\r\n".utf8) + halfBody + Array("\r\n\(String(limit / 2 + 1, radix: 16))\r\n".utf8)
        #expect(HTTPParserDriver.error(overByOne) == .bodyTooLarge)
    }

    @Test func boundsChunkExtensionsAndTrailers() throws {
        let head = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        let limits = HTTPLimits(maxHeadBytes: 200, maxHeaderCount: 2, maxChunkLineBytes: 32)
        let longExtension = head + "1;" + String(repeating: "e", count: 40) + "\r\na\r\n0\r\n\r\n"
        #expect(HTTPParserDriver.error(Array(longExtension.utf8), limits: limits) == .invalidChunk)
        let tooManyTrailers = head + "0\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n"
        #expect(HTTPParserDriver.error(Array(tooManyTrailers.utf8), limits: limits) == .headerFieldsTooLarge)
        let bigTrailer = head + "0\r\nA: " + String(repeating: "t", count: 300)
        #expect(HTTPParserDriver.error(Array(bigTrailer.utf8), limits: limits) == .headerFieldsTooLarge)
        let fine = head + "1;a=b;c=\"d\"\r\nz\r\n0\r\nA: 1\r\nB: 2\r\n\r\n"
        #expect(try HTTPParserDriver.events([Array(fine.utf8)], limits: limits).count == 3)
    }

    // MARK: - Heads

    @Test func appliesKeepAliveRules() throws {
        #expect(try HTTPParserDriver.head("GET / HTTP/1.1\r\nHost: x\r\n\r\n").keepAlive)
        #expect(try !HTTPParserDriver.head("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").keepAlive)
        #expect(try !HTTPParserDriver.head("GET / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, CLOSE\r\n\r\n").keepAlive)
        #expect(try !HTTPParserDriver.head("GET / HTTP/1.0\r\n\r\n").keepAlive)
        #expect(try HTTPParserDriver.head("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").keepAlive)
        #expect(try !HTTPParserDriver.head("GET / HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n").keepAlive)
    }

    @Test func derivesHeadFields() throws {
        let head = try HTTPParserDriver.head(
            "GET /caf%C3%A9/a%20b%2Fc?x=%20&y HTTP/1.1\r\nhost: x\r\nContent-Length: 0, 0\r\nEXPECT: 100-Continue\r\n\r\n")
        #expect(head.target == "/caf%C3%A9/a%20b%2Fc?x=%20&y")
        #expect(head.path == "/café/a b/c")
        #expect(head.query == "x=%20&y")
        #expect(head.version == .http11)
        #expect(head.contentLength == 0)
        #expect(head.expectsContinue)
        #expect(head.headers.first("Host") == "x")
        let options = try HTTPParserDriver.head("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(options.path == "*" && options.query == "")
        // RFC 9110 §10.1.1: an HTTP/1.0 client cannot expect 100-continue.
        #expect(try !HTTPParserDriver.head("POST / HTTP/1.0\r\nContent-Length: 1\r\nExpect: 100-continue\r\n\r\n").expectsContinue)
        let trimmed = try HTTPParserDriver.head("GET / HTTP/1.1\r\nHost:x\r\nX-Empty:\r\nX-Space: \t a b \t\r\n\r\n")
        #expect(trimmed.headers.first("x-empty") == "" && trimmed.headers.first("X-SPACE") == "a b")
    }

    @Test func remembersHowFarItScanned() throws {
        // A head arriving byte by byte is scanned once: each call resumes where the previous one stopped.
        let wire = Self.head(totalBytes: 4000, fields: 20)
        var parser = HTTPRequestParser()
        for length in 1..<wire.count {
            let result = try wire[0..<length].withUnsafeBytes { try parser.parse($0) }
            #expect(result.consumed == 0 && result.event == nil)
            #expect(parser.scanned == length)
        }
        let result = try wire.withUnsafeBytes { try parser.parse($0) }
        #expect(result.consumed == wire.count)
    }

    @Test func ignoresEmptyLinesBeforeARequest() throws {
        let events = try HTTPParserDriver.events([Array("\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8)])
        #expect(events.count == 2)
    }
}
