import Testing
import TestSupport
@testable import SwitchboardNet

/// One Autobahn|Testsuite case (sections 1-7) replayed against parser + assembler + close state
/// machine as an echo server: the client's frames and what the server must visibly do.
struct WebSocketAutobahnCase: Sendable, CustomTestStringConvertible {
    var id: String
    var frames: [[UInt8]]
    var expected: [WebSocketTestEvent]
    var testDescription: String { id }
}

@Suite struct WebSocketAutobahnCaseTests {
    typealias Case = WebSocketAutobahnCase
    typealias W = WebSocketWire

    /// The client's closing handshake after a case that leaves the connection open, and its echo.
    static let closeFrame = W.close(1000)
    static let closed: [WebSocketTestEvent] = [.close(1000), .tcpClosed]
    static let failed: [WebSocketTestEvent] = [.close(1002), .tcpClosed]
    static let badUTF8: [WebSocketTestEvent] = [.close(1007), .tcpClosed]

    static func bytes(_ string: String) -> [UInt8] { Array(string.utf8) }

    /// A case that ends with the client's close (the connection stays open until then).
    static func open(_ id: String, _ frames: [[UInt8]], _ expected: [WebSocketTestEvent]) -> Case {
        Case(id: id, frames: frames + [closeFrame], expected: expected + closed)
    }

    static let section1: [Case] = {
        var cases: [Case] = []
        for (index, length) in [0, 125, 126, 127, 128, 65535, 65536].enumerated() {
            let text = String(repeating: "*", count: length)
            cases.append(open("1.1.\(index + 1)", [W.text(text)], [.text(text)]))
            let binary = [UInt8](repeating: 0xFE, count: length)
            cases.append(open("1.2.\(index + 1)", [W.frame(.binary, binary)], [.binary(binary)]))
        }
        return cases
    }()

    static let section2: [Case] = [
        open("2.1", [W.frame(.ping)], [.pong([])]),
        open("2.2", [W.frame(.ping, bytes("Hello, world!"))], [.pong(bytes("Hello, world!"))]),
        open("2.3", [W.frame(.ping, [0x00, 0xFF, 0xFE, 0xFD, 0xFC, 0xFB, 0x00, 0xFF])], [.pong([0x00, 0xFF, 0xFE, 0xFD, 0xFC, 0xFB, 0x00, 0xFF])]),
        open("2.4", [W.frame(.ping, [UInt8](repeating: 0xFE, count: 125))], [.pong([UInt8](repeating: 0xFE, count: 125))]),
        Case(id: "2.5", frames: [W.frame(.ping, [UInt8](repeating: 0xFE, count: 126)), closeFrame], expected: failed),
        open("2.7", [W.frame(.pong)], []),
        open("2.8", [W.frame(.pong, bytes("unsolicited pong payload"))], []),
        open("2.9", [W.frame(.pong, bytes("unsolicited pong payload")), W.frame(.ping, bytes("ping payload"))], [.pong(bytes("ping payload"))]),
        open("2.10", (0..<10).map { W.frame(.ping, bytes("payload-\($0)")) }, (0..<10).map { .pong(bytes("payload-\($0)")) }),
    ]

    static let section3: [Case] = {
        let hello = bytes("Hello, world!")
        return [
            Case(id: "3.1", frames: [W.raw(firstByte: 0xC1, hello), closeFrame], expected: failed),
            Case(id: "3.2", frames: [W.text("Hello, world!"), W.raw(firstByte: 0xA1, hello), W.frame(.ping), closeFrame],
                 expected: [.text("Hello, world!")] + failed),
            // RSV is the 3-bit field: 4 = RSV1, 2 = RSV2, 1 = RSV3.
            Case(id: "3.3", frames: [W.text("Hello, world!"), W.raw(firstByte: 0xB1, hello), W.frame(.ping)],
                 expected: [.text("Hello, world!")] + failed),
            Case(id: "3.4", frames: [W.text("Hello, world!"), W.raw(firstByte: 0xC1, hello), W.frame(.ping)],
                 expected: [.text("Hello, world!")] + failed),
            Case(id: "3.5", frames: [W.raw(firstByte: 0xD2, [0xFF, 0xFE, 0xFD]), closeFrame], expected: failed),
            Case(id: "3.6", frames: [W.raw(firstByte: 0xE9, hello), closeFrame], expected: failed),
            Case(id: "3.7", frames: [W.raw(firstByte: 0xF8), closeFrame], expected: failed),
        ]
    }()

    static let section4: [Case] = {
        var cases: [Case] = []
        for (group, opcodes) in [(1, [3, 4, 5, 6, 7]), (2, [11, 12, 13, 14, 15])] {
            for (index, opcode) in opcodes.enumerated() {
                let first = UInt8(0x80 | opcode)
                let payload = index % 2 == 1 ? bytes("reserved opcode payload") : []
                let id = "4.\(group).\(index + 1)"
                if index < 2 {
                    cases.append(Case(id: id, frames: [W.raw(firstByte: first, payload), closeFrame], expected: failed))
                } else {
                    cases.append(Case(id: id, frames: [W.text("Hello, world!"), W.raw(firstByte: first, payload), W.frame(.ping)],
                                      expected: [.text("Hello, world!")] + failed))
                }
            }
        }
        return cases
    }()

    static let section5: [Case] = {
        let f = { (n: Int) in bytes("fragment\(n)") }
        return [
            Case(id: "5.1", frames: [W.frame(.ping, f(1), fin: false), W.frame(.continuation, f(2)), closeFrame], expected: failed),
            Case(id: "5.2", frames: [W.frame(.pong, f(1), fin: false), W.frame(.continuation, f(2)), closeFrame], expected: failed),
            open("5.3", [W.frame(.text, f(1), fin: false), W.frame(.continuation, f(2))], [.text("fragment1fragment2")]),
            open("5.6", [W.frame(.text, f(1), fin: false), W.frame(.ping, bytes("ping payload")), W.frame(.continuation, f(2))],
                 [.pong(bytes("ping payload")), .text("fragment1fragment2")]),
            Case(id: "5.9", frames: [W.frame(.continuation, bytes("non-continuation payload")), W.text("Hello, world!")], expected: failed),
            Case(id: "5.12", frames: [W.frame(.continuation, bytes("non-continuation payload"), fin: false), W.text("Hello, world!")],
                 expected: failed),
            Case(id: "5.15", frames: [
                W.frame(.text, f(1), fin: false), W.frame(.continuation, f(2)), W.frame(.continuation, f(3), fin: false), W.frame(.text, f(4)),
            ], expected: [.text("fragment1fragment2")] + failed),
            Case(id: "5.16", frames: Array(repeating: [
                W.frame(.continuation, f(1), fin: false), W.frame(.text, f(2), fin: false), W.frame(.continuation, f(3)),
            ], count: 2).flatMap { $0 }, expected: failed),
            Case(id: "5.17", frames: Array(repeating: [
                W.frame(.continuation, f(1)), W.frame(.text, f(2), fin: false), W.frame(.continuation, f(3)),
            ], count: 2).flatMap { $0 }, expected: failed),
            Case(id: "5.18", frames: [W.frame(.text, f(1), fin: false), W.frame(.text, f(2))], expected: failed),
            open("5.19", [
                W.frame(.text, f(1), fin: false), W.frame(.continuation, f(2), fin: false), W.frame(.ping, bytes("pongme 1!")),
                W.frame(.continuation, f(3), fin: false), W.frame(.continuation, f(4), fin: false), W.frame(.ping, bytes("pongme 2!")),
                W.frame(.continuation, f(5)),
            ], [.pong(bytes("pongme 1!")), .pong(bytes("pongme 2!")), .text("fragment1fragment2fragment3fragment4fragment5")]),
        ]
    }()

    /// Text sent as one frame per byte (Autobahn 6.2.3, 6.2.4, 6.3.2).
    static func octetFragments(_ payload: [UInt8]) -> [[UInt8]] {
        payload.enumerated().map { index, byte in
            W.frame(index == 0 ? .text : .continuation, [byte], fin: index == payload.count - 1)
        }
    }

    static let section6: [Case] = {
        let greeting = "Hello-µ@ßöäüàá-UTF-8!!"
        let kosme = bytes("κόσμε")
        let invalid = kosme + [0xED, 0xA0, 0x80] + bytes("edited")
        var cases: [Case] = [
            open("6.1.1", [W.text("")], [.text("")]),
            open("6.1.2", [W.text("", fin: false), W.frame(.continuation, [], fin: false), W.frame(.continuation)], [.text("")]),
            open("6.1.3", [W.text("", fin: false), W.frame(.continuation, bytes("middle frame payload"), fin: false), W.frame(.continuation)],
                 [.text("middle frame payload")]),
            open("6.2.1", [W.text(greeting)], [.text(greeting)]),
            open("6.2.3", octetFragments(bytes(greeting)), [.text(greeting)]),
            open("6.2.4", octetFragments(kosme), [.text("κόσμε")]),
            Case(id: "6.3.1", frames: [W.frame(.text, invalid), closeFrame], expected: badUTF8),
            Case(id: "6.3.2", frames: octetFragments(invalid) + [closeFrame], expected: badUTF8),
            Case(id: "6.4.1", frames: [W.frame(.text, kosme, fin: false), W.frame(.continuation, [0xF4, 0x90, 0x80, 0x80], fin: false),
                                       W.frame(.continuation, bytes("edited"))], expected: badUTF8),
            Case(id: "6.4.2", frames: [W.frame(.text, kosme + [0xF4], fin: false), W.frame(.continuation, [0x90], fin: false),
                                       W.frame(.continuation, [0x80, 0x80] + bytes("edited"))], expected: badUTF8),
        ]
        // 6.2.2: the greeting in two fragments, cut at every byte (also inside characters).
        let greetingBytes = bytes(greeting)
        for cut in 0...greetingBytes.count {
            cases.append(open("6.2.2@\(cut)", [W.frame(.text, Array(greetingBytes[..<cut]), fin: false),
                                               W.frame(.continuation, Array(greetingBytes[cut...]))], [.text(greeting)]))
        }
        // 6.5-6.23: Markus Kuhn's UTF-8 decoder stress sequences, as one frame and byte by byte.
        for (index, sequence) in utf8Sequences.enumerated() {
            let valid = String(validating: sequence, as: UTF8.self)
            let expected: [WebSocketTestEvent] = valid.map { [.text($0)] + closed } ?? badUTF8
            cases.append(Case(id: "6.x.\(index + 1)", frames: [W.frame(.text, sequence), closeFrame], expected: expected))
            cases.append(Case(id: "6.x.\(index + 1)-octets", frames: octetFragments(sequence) + [closeFrame], expected: expected))
        }
        return cases
    }()

    static let utf8Sequences: [[UInt8]] = [
        [0xCE, 0xBA, 0xE1, 0xBD, 0xB9, 0xCF, 0x83, 0xCE, 0xBC, 0xCE, 0xB5],  // κόσμε
        [0xCE, 0xBA, 0xE1, 0xBD, 0xB9, 0xCF, 0x83, 0xCE, 0xBC, 0xCE, 0xB5, 0xED, 0xA0, 0x80, 0x65, 0x64, 0x69, 0x74, 0x65, 0x64],
        [0x00], [0xC2, 0x80], [0xE0, 0xA0, 0x80], [0xF0, 0x90, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xFC, 0x84, 0x80, 0x80, 0x80, 0x80],
        [0x7F], [0xDF, 0xBF], [0xEF, 0xBF, 0xBF], [0xF4, 0x8F, 0xBF, 0xBF], [0xF7, 0xBF, 0xBF, 0xBF], [0xFB, 0xBF, 0xBF, 0xBF, 0xBF],
        [0xED, 0x9F, 0xBF], [0xEE, 0x80, 0x80], [0xEF, 0xBF, 0xBD], [0xF4, 0x90, 0x80, 0x80],
        [0x80], [0xBF], [0x80, 0xBF], [0x80, 0xBF, 0x80], Array(0x80...0xBF).map(UInt8.init),
        Array(0xC0...0xDF).flatMap { [UInt8($0), 0x20] }, Array(0xE0...0xEF).flatMap { [UInt8($0), 0x20] },
        Array(0xF0...0xF7).flatMap { [UInt8($0), 0x20] }, [0xF8, 0x20, 0xFC, 0x20],
        [0xC0], [0xE0, 0x80], [0xF0, 0x80, 0x80], [0xDF], [0xEF, 0xBF], [0xF7, 0xBF, 0xBF],
        [0xC0, 0xE0, 0x80, 0xF0, 0x80, 0x80, 0xDF, 0xEF, 0xBF, 0xF7, 0xBF, 0xBF], [0xFE], [0xFF], [0xFE, 0xFE, 0xFF, 0xFF],
        [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xF0, 0x80, 0x80, 0xAF], [0xC1, 0xBF], [0xE0, 0x9F, 0xBF], [0xF0, 0x8F, 0xBF, 0xBF],
        [0xC0, 0x80], [0xE0, 0x80, 0x80], [0xF0, 0x80, 0x80, 0x80],
        [0xED, 0xA0, 0x80], [0xED, 0xAD, 0xBF], [0xED, 0xAE, 0x80], [0xED, 0xAF, 0xBF], [0xED, 0xB0, 0x80], [0xED, 0xBE, 0x80],
        [0xED, 0xBF, 0xBF], [0xED, 0xA0, 0x80, 0xED, 0xB0, 0x80], [0xED, 0xAF, 0xBF, 0xED, 0xBF, 0xBF],
        [0xEF, 0xBF, 0xBE], [0xEF, 0xBF, 0xBF], [0xEF, 0xB7, 0x90], [0xF0, 0x9F, 0xBF, 0xBE], [0xF4, 0x8F, 0xBF, 0xBE],
    ]

    static let section7: [Case] = {
        var cases: [Case] = [
            Case(id: "7.1.1", frames: [W.text("Hello World!"), closeFrame], expected: [.text("Hello World!")] + closed),
            Case(id: "7.1.2", frames: [closeFrame, closeFrame], expected: closed),
            Case(id: "7.1.3", frames: [closeFrame, W.frame(.ping, bytes("payload"))], expected: closed),
            Case(id: "7.1.4", frames: [closeFrame, W.text("Hello World!")], expected: closed),
            Case(id: "7.1.5", frames: [W.frame(.text, bytes("fragment1"), fin: false), closeFrame, W.frame(.continuation, bytes("fragment2"))],
                 expected: closed),
            Case(id: "7.1.6", frames: [W.text(String(repeating: "BAsd7&jh23", count: 26_214)), closeFrame, W.frame(.ping)],
                 expected: [.text(String(repeating: "BAsd7&jh23", count: 26_214))] + closed),
            Case(id: "7.3.1", frames: [W.close(nil)], expected: closed),
            Case(id: "7.3.2", frames: [W.frame(.close, [0x03])], expected: failed),
            Case(id: "7.3.3", frames: [W.close(1000)], expected: closed),
            Case(id: "7.3.4", frames: [W.close(1000, bytes("Hello World!"))], expected: closed),
            Case(id: "7.3.5", frames: [W.close(1000, [UInt8](repeating: 0x2A, count: 123))], expected: closed),
            Case(id: "7.3.6", frames: [W.close(1000, [UInt8](repeating: 0x2A, count: 124))], expected: failed),
            Case(id: "7.5.1", frames: [W.close(1000, [0xCE, 0xBA, 0xE1, 0xBD, 0xB9, 0xCF, 0x83, 0xCE, 0xBC, 0xCE, 0xB5, 0xED, 0xA0, 0x80,
                                                     0x65, 0x64, 0x69, 0x74, 0x65, 0x64])], expected: badUTF8),
            Case(id: "7.13.1", frames: [W.close(5000)], expected: failed),
            Case(id: "7.13.2", frames: [W.close(65535)], expected: failed),
        ]
        for (index, code) in ([1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999] as [UInt16]).enumerated() {
            cases.append(Case(id: "7.7.\(index + 1)", frames: [W.close(code)], expected: [.close(code), .tcpClosed]))
        }
        for (index, code) in ([0, 999, 1004, 1005, 1006, 1016, 1100, 2000, 2999] as [UInt16]).enumerated() {
            cases.append(Case(id: "7.9.\(index + 1)", frames: [W.close(code)], expected: failed))
        }
        return cases
    }()

    /// Runs a case with the wire cut into reads of `chunk` bytes (0: all at once, -1: one read per frame).
    private func run(_ testCase: Case, chunk: Int) {
        var harness = WebSocketEchoHarness()
        if chunk < 0 {
            for frame in testCase.frames { harness.feed(frame) }
        } else {
            harness.feed(testCase.frames.flatMap { $0 }, chunk: chunk)
        }
        #expect(harness.events == testCase.expected, "case \(testCase.id), chunk \(chunk)")
        #expect(harness.assembler.bufferedCapacity == 0, "case \(testCase.id) left a buffer")
    }

    @Test(arguments: section1) func section1Framing(_ testCase: Case) {
        for chunk in [0, -1, 997, 1] { run(testCase, chunk: chunk) }
    }

    @Test(arguments: section2) func section2PingsAndPongs(_ testCase: Case) {
        for chunk in [0, -1, 1, 2, 7] { run(testCase, chunk: chunk) }
    }

    @Test(arguments: section3) func section3ReservedBits(_ testCase: Case) {
        for chunk in [0, -1, 1, 5] { run(testCase, chunk: chunk) }
    }

    @Test(arguments: section4) func section4Opcodes(_ testCase: Case) {
        for chunk in [0, -1, 1, 5] { run(testCase, chunk: chunk) }
    }

    @Test(arguments: section5) func section5Fragmentation(_ testCase: Case) {
        for chunk in [0, -1, 1, 3] { run(testCase, chunk: chunk) }
    }

    @Test(arguments: section6) func section6UTF8(_ testCase: Case) {
        for chunk in [0, -1, 1] { run(testCase, chunk: chunk) }
    }

    @Test(arguments: section7) func section7Close(_ testCase: Case) {
        for chunk in [0, -1, 1, 4] { run(testCase, chunk: chunk) }
    }

    /// Autobahn 6.4.1/6.4.2: the connection fails on the bad fragment, before the message's last one arrives.
    @Test func section6FailsFastInsideAFragmentedMessage() {
        for testCase in Self.section6 where testCase.id.hasPrefix("6.4.") {
            var harness = WebSocketEchoHarness()
            #expect(harness.feed(testCase.frames[0]) == [], "\(testCase.id) first fragment")
            #expect(harness.feed(testCase.frames[1]) == Self.badUTF8, "\(testCase.id) bad fragment")
        }
    }

    /// Autobahn 6.4.3/6.4.4: one text frame sent in three network reads fails on the read with the bad
    /// bytes, before the frame is complete (with the loop inspecting incomplete frames).
    @Test(arguments: [[0xF4, 0x90, 0x80, 0x80] as [UInt8], [0xF4, 0x90]])
    func section6FailsFastInsideAnIncompleteFrame(_ bad: [UInt8]) {
        let kosme = Self.bytes("κόσμε")
        let wire = W.frame(.text, kosme + bad + Self.bytes("edited") + [UInt8](repeating: 0x41, count: 300))
        let headerLength = wire.count - (kosme.count + bad.count + 6 + 300)
        var harness = WebSocketEchoHarness()
        #expect(harness.feed(Array(wire[..<(headerLength + kosme.count)])) == [])
        #expect(harness.feed(Array(wire[(headerLength + kosme.count)..<(headerLength + kosme.count + bad.count)])) == Self.badUTF8)
        var withoutInspection = WebSocketEchoHarness()
        withoutInspection.inspectIncomplete = false
        #expect(withoutInspection.feed(Array(wire[..<(wire.count - 1)])) == [])
        #expect(withoutInspection.feed([wire[wire.count - 1]]) == Self.badUTF8)
    }

    /// A fragmented message whose next fragment's header already exceeds the limit fails on that header.
    @Test func failsAnOversizedContinuationFromItsHeader() {
        var harness = WebSocketEchoHarness(maxMessageSize: 1000)
        harness.feed(W.frame(.binary, [UInt8](repeating: 1, count: 600), fin: false))
        let next = W.frame(.continuation, [UInt8](repeating: 1, count: 600))
        #expect(harness.feed(Array(next[..<8])) == [.close(1009), .tcpClosed])
    }

    /// Autobahn 1.1.8/1.2.8: the payload limit holds (1009) whatever the frame size.
    @Test func failsMessagesOverTheLimitWith1009() {
        var single = WebSocketEchoHarness(maxMessageSize: 1000)
        single.feed(W.frame(.binary, [UInt8](repeating: 1, count: 1001)))
        #expect(single.events == [.close(1009), .tcpClosed])
        var fragmented = WebSocketEchoHarness(maxMessageSize: 1000)
        fragmented.feed(W.frame(.binary, [UInt8](repeating: 1, count: 600), fin: false))
        fragmented.feed(W.frame(.continuation, [UInt8](repeating: 1, count: 600)))
        #expect(fragmented.events == [.close(1009), .tcpClosed])
    }

    /// Autobahn 1.1.x with a header-only read: the 1009 comes before the payload does.
    @Test func failsAnOversizedFrameFromItsHeaderAlone() {
        var harness = WebSocketEchoHarness(maxMessageSize: 1000)
        let frame = W.frame(.binary, [UInt8](repeating: 1, count: 70_000))
        harness.feed(Array(frame[..<10]))
        #expect(harness.events == [.close(1009), .tcpClosed])
    }
}
