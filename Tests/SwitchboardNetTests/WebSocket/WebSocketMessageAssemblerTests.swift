import Testing
@testable import SwitchboardNet

@Suite struct WebSocketMessageAssemblerTests {
    /// An action with its bytes copied out (the payload pointers die with the test's buffer).
    enum Outcome: Equatable {
        case message(WebSocketOpcode, [UInt8], compressed: Bool)
        case needMore
        case pong([UInt8])
        case pongReceived
        case peerClosed(UInt16?, String)
        case fail(UInt16)
        case ignored

        init(_ action: WebSocketReceiveAction) {
            switch action {
            case .message(let opcode, let payload, let compressed): self = .message(opcode, Array(payload), compressed: compressed)
            case .needMore: self = .needMore
            case .pong(let payload): self = .pong(Array(payload))
            case .pongReceived: self = .pongReceived
            case .peerClosed(let code, let reason): self = .peerClosed(code?.rawValue, reason)
            case .fail(let code, _): self = .fail(code.rawValue)
            case .ignored: self = .ignored
            }
        }
    }

    private func receive(
        _ assembler: inout WebSocketMessageAssembler, _ opcode: WebSocketOpcode, _ payload: [UInt8], fin: Bool = true, rsv1: Bool = false
    ) -> Outcome {
        var bytes = payload
        return bytes.withUnsafeMutableBytes { raw in
            let frame = WebSocketFrame(fin: fin, rsv1: rsv1, opcode: opcode, payload: raw, frameLength: raw.count + 6)
            return Outcome(assembler.receive(frame))
        }
    }

    private func text(_ string: String) -> [UInt8] { Array(string.utf8) }

    private func closePayload(_ code: UInt16, _ reason: [UInt8] = []) -> [UInt8] { [UInt8(code >> 8), UInt8(code & 0xFF)] + reason }

    private func makeAssembler(max: Int = 1 << 20, compression: Bool = false) -> WebSocketMessageAssembler {
        WebSocketMessageAssembler(maxMessageSize: max, compressionEnabled: compression)
    }

    // MARK: - Unfragmented messages

    @Test func deliversAnUnfragmentedMessageWithoutCopying() {
        var assembler = makeAssembler()
        var bytes = text("Hello")
        bytes.withUnsafeMutableBytes { raw in
            let frame = WebSocketFrame(fin: true, rsv1: false, opcode: .text, payload: raw, frameLength: 11)
            guard case .message(let opcode, let payload, let compressed) = assembler.receive(frame) else {
                Issue.record("no message")
                return
            }
            #expect(opcode == .text && !compressed)
            #expect(payload.baseAddress == UnsafeRawPointer(raw.baseAddress) && payload.count == 5)
        }
        #expect(assembler.bufferedCapacity == 0)
        #expect(!assembler.isAssembling)
    }

    @Test func deliversBinaryWithoutUTF8Validation() {
        var assembler = makeAssembler()
        #expect(receive(&assembler, .binary, [0xFF, 0xC0]) == .message(.binary, [0xFF, 0xC0], compressed: false))
        #expect(receive(&assembler, .binary, []) == .message(.binary, [], compressed: false))
    }

    // MARK: - Fragmentation (RFC 6455 §5.4)

    @Test func assemblesFragmentsAndReleasesTheBufferAfterwards() {
        var assembler = makeAssembler()
        #expect(receive(&assembler, .text, text("Hel"), fin: false) == .needMore)
        #expect(assembler.isAssembling && assembler.bufferedCapacity > 0)
        #expect(receive(&assembler, .continuation, text("l"), fin: false) == .needMore)
        #expect(receive(&assembler, .continuation, text("o")) == .message(.text, text("Hello"), compressed: false))
        #expect(!assembler.isAssembling)
        assembler.releaseMessage()
        #expect(assembler.bufferedCapacity == 0)
    }

    @Test func theNextFrameReleasesACompletedMessageBuffer() {
        var assembler = makeAssembler()
        _ = receive(&assembler, .binary, [1], fin: false)
        _ = receive(&assembler, .continuation, [2])
        #expect(assembler.bufferedCapacity > 0)
        #expect(receive(&assembler, .pong, []) == .pongReceived)
        #expect(assembler.bufferedCapacity == 0)
    }

    @Test func growsTheBufferForManyFragments() {
        var assembler = makeAssembler()
        var expected: [UInt8] = []
        for index in 0..<20 {
            let piece = [UInt8](repeating: UInt8(index), count: 1000)
            expected += piece
            #expect(receive(&assembler, index == 0 ? .binary : .continuation, piece, fin: false) == .needMore)
        }
        #expect(receive(&assembler, .continuation, [0xAA]) == .message(.binary, expected + [0xAA], compressed: false))
    }

    @Test func neverGrowsTheBufferBeyondTheLimit() {
        var assembler = makeAssembler(max: 10_000)
        _ = receive(&assembler, .binary, Array(repeating: 1, count: 3000), fin: false)
        _ = receive(&assembler, .continuation, Array(repeating: 2, count: 6000), fin: false)
        #expect(assembler.bufferedCapacity == 10_000)
        let done = receive(&assembler, .continuation, Array(repeating: 3, count: 1000))
        #expect(done == .message(.binary, Array(repeating: 1, count: 3000) + Array(repeating: 2, count: 6000) + Array(repeating: 3, count: 1000),
                                 compressed: false))
    }

    @Test func handlesControlFramesBetweenFragments() {
        var assembler = makeAssembler()
        #expect(receive(&assembler, .text, text("frag1"), fin: false) == .needMore)
        #expect(receive(&assembler, .ping, text("ping")) == .pong(text("ping")))
        #expect(receive(&assembler, .pong, text("x")) == .pongReceived)
        #expect(receive(&assembler, .continuation, text("frag2")) == .message(.text, text("frag1frag2"), compressed: false))
    }

    @Test func failsAContinuationWithoutAMessage() {
        var assembler = makeAssembler()
        #expect(receive(&assembler, .continuation, text("x")) == .fail(1002))
        #expect(assembler.isFinished)
    }

    @Test func failsANewDataFrameInsideAFragmentedMessage() {
        var assembler = makeAssembler()
        _ = receive(&assembler, .text, text("a"), fin: false)
        #expect(receive(&assembler, .binary, text("b")) == .fail(1002))
        #expect(assembler.bufferedCapacity == 0)
    }

    // MARK: - RSV1 (RFC 7692 §6)

    @Test func failsRSV1WithoutCompression() {
        var assembler = makeAssembler()
        #expect(receive(&assembler, .text, text("a"), rsv1: true) == .fail(1002))
    }

    @Test func deliversCompressedMessagesUnvalidated() {
        var assembler = makeAssembler(compression: true)
        #expect(receive(&assembler, .text, [0xFF, 0x00], rsv1: true) == .message(.text, [0xFF, 0x00], compressed: true))
        #expect(receive(&assembler, .text, [0xC0], fin: false, rsv1: true) == .needMore)
        #expect(receive(&assembler, .continuation, [0x80]) == .message(.text, [0xC0, 0x80], compressed: true))
        #expect(receive(&assembler, .text, text("plain")) == .message(.text, text("plain"), compressed: false))
    }

    @Test func failsRSV1OnContinuationOrControlFramesEvenWithCompression() {
        var first = makeAssembler(compression: true)
        _ = receive(&first, .text, [1], fin: false, rsv1: true)
        #expect(receive(&first, .continuation, [2], rsv1: true) == .fail(1002))
        var second = makeAssembler(compression: true)
        #expect(receive(&second, .ping, [], rsv1: true) == .fail(1002))
    }

    // MARK: - UTF-8 (RFC 6455 §8.1)

    @Test func failsInvalidTextAtTheFirstBadFragment() {
        var assembler = makeAssembler()
        #expect(receive(&assembler, .text, text("κόσμε"), fin: false) == .needMore)
        #expect(receive(&assembler, .continuation, [0xF4, 0x90], fin: false) == .fail(1007))
        #expect(receive(&assembler, .continuation, text("edited")) == .ignored)
    }

    @Test func acceptsACharacterSplitAcrossFragments() {
        var assembler = makeAssembler()
        #expect(receive(&assembler, .text, [0x41, 0xC3], fin: false) == .needMore)
        #expect(receive(&assembler, .continuation, [0xA9]) == .message(.text, text("Aé"), compressed: false))
    }

    @Test func failsTextEndingInsideACharacter() {
        var single = makeAssembler()
        #expect(receive(&single, .text, [0x41, 0xC3]) == .fail(1007))
        var fragmented = makeAssembler()
        _ = receive(&fragmented, .text, [0x41, 0xE2, 0x82], fin: false)
        #expect(receive(&fragmented, .continuation, []) == .fail(1007))
    }

    @Test func validatesEachMessageFromAFreshState() {
        var assembler = makeAssembler()
        _ = receive(&assembler, .binary, [0xC3], fin: false)
        _ = receive(&assembler, .continuation, [0xFF])
        #expect(receive(&assembler, .text, text("ok")) == .message(.text, text("ok"), compressed: false))
    }

    // MARK: - Size limit

    @Test func failsAMessageOverTheLimitAsSoonAsItIsExceeded() {
        var single = makeAssembler(max: 10)
        #expect(receive(&single, .binary, [UInt8](repeating: 0, count: 10)) == .message(.binary, [UInt8](repeating: 0, count: 10), compressed: false))
        #expect(receive(&single, .binary, [UInt8](repeating: 0, count: 11)) == .fail(1009))
        var fragmented = makeAssembler(max: 10)
        #expect(receive(&fragmented, .binary, [UInt8](repeating: 0, count: 6), fin: false) == .needMore)
        #expect(receive(&fragmented, .continuation, [UInt8](repeating: 0, count: 5), fin: false) == .fail(1009))
    }

    // MARK: - Control frames

    @Test func answersPingsAndNotesPongs() {
        var assembler = makeAssembler()
        #expect(receive(&assembler, .ping, []) == .pong([]))
        #expect(receive(&assembler, .ping, [UInt8](repeating: 0xFE, count: 125)) == .pong([UInt8](repeating: 0xFE, count: 125)))
        #expect(receive(&assembler, .pong, text("unsolicited")) == .pongReceived)
    }

    @Test func rejectsMalformedControlFramesBuiltByHand() {
        var long = makeAssembler()
        #expect(receive(&long, .ping, [UInt8](repeating: 0, count: 126)) == .fail(1002))
        var fragmented = makeAssembler()
        #expect(receive(&fragmented, .ping, [], fin: false) == .fail(1002))
    }

    // MARK: - Close (RFC 6455 §5.5.1, §7.4)

    @Test func echoesAnEmptyCloseAsNormalClosure() {
        var assembler = makeAssembler()
        #expect(receive(&assembler, .close, []) == .peerClosed(nil, ""))
        #expect(assembler.isFinished)
    }

    @Test func reportsTheCloseCodeAndReason() {
        var assembler = makeAssembler()
        #expect(receive(&assembler, .close, closePayload(4000, text("bye ✓"))) == .peerClosed(4000, "bye ✓"))
    }

    @Test(arguments: [
        ([0x03], 1002),
        ([0x03, 0xE7], 1002),  // 999
        ([0x03, 0xED], 1002),  // 1005
        ([0x03, 0xEE], 1002),  // 1006
        ([0x13, 0x88], 1002),  // 5000
        ([0x03, 0xE8, 0xCE, 0xBA, 0xED, 0xA0, 0x80], 1007),  // reason with a surrogate
        ([0x03, 0xE8, 0xE2, 0x82], 1007),  // reason cut inside a character
    ] as [([UInt8], UInt16)])
    func failsInvalidClosePayloads(_ payload: [UInt8], _ code: UInt16) {
        var assembler = makeAssembler()
        #expect(receive(&assembler, .close, payload) == .fail(code))
    }

    @Test func ignoresEverythingAfterAClose() {
        var assembler = makeAssembler()
        _ = receive(&assembler, .text, text("frag"), fin: false)
        #expect(receive(&assembler, .close, closePayload(1000)) == .peerClosed(1000, ""))
        #expect(assembler.bufferedCapacity == 0)
        #expect(receive(&assembler, .continuation, text("more")) == .ignored)
        #expect(receive(&assembler, .ping, []) == .ignored)
        #expect(receive(&assembler, .close, []) == .ignored)
    }

    @Test func ignoresEverythingAfterAFailure() {
        var assembler = makeAssembler()
        _ = receive(&assembler, .continuation, [])
        #expect(receive(&assembler, .text, text("x")) == .ignored)
        #expect(receive(&assembler, .close, []) == .ignored)
    }

    // MARK: - Incomplete frames

    /// Shows the first `cut` bytes of `wire` to the assembler; the bytes must not change.
    private func inspect(_ assembler: inout WebSocketMessageAssembler, _ wire: [UInt8], cut: Int) -> Outcome? {
        let prefix = Array(wire[..<cut])
        let action = prefix.withUnsafeBytes { assembler.inspectIncompleteFrame($0) }
        return action.map(Outcome.init)
    }

    @Test func failsIncompleteTextAsSoonAsTheBadByteArrives() {
        let payload = Array(repeating: UInt8(0x61), count: 301) + [0xC3, 0x28] + Array(repeating: UInt8(0x62), count: 40)
        let wire = WebSocketWire.frame(.text, payload)
        let header = wire.count - payload.count
        let badIndex = header + 302  // the 0x28 after a lead byte
        for cut in 0..<wire.count {
            var fresh = makeAssembler()
            let expected: Outcome? = cut > badIndex ? .fail(1007) : nil
            #expect(inspect(&fresh, wire, cut: cut) == expected, "fresh assembler, cut \(cut)")
        }
        // One assembler seeing the frame grow: only new bytes are checked, with the key at the right offset.
        var growing = makeAssembler()
        var failedAt: Int?
        for cut in stride(from: 0, to: wire.count, by: 3) where failedAt == nil {
            if inspect(&growing, wire, cut: cut) == .fail(1007) { failedAt = cut }
        }
        #expect(failedAt == (badIndex + 1 + 2) / 3 * 3)
        #expect(growing.isFinished)
    }

    @Test func incompleteValidTextPassesAndTheCompleteFrameIsStillDelivered() {
        let text = String(repeating: "κόσμε ", count: 50)
        let wire = WebSocketWire.text(text)
        var assembler = makeAssembler()
        for cut in stride(from: 0, to: wire.count, by: 7) {
            #expect(inspect(&assembler, wire, cut: cut) == nil, "cut \(cut)")
        }
        var buffer = wire
        var parser = WebSocketFrameParser(maxFrameSize: 1 << 20, allowRSV1: false)
        let outcome = buffer.withUnsafeMutableBytes { raw in (try? parser.nextFrame(raw)).flatMap { $0 }.map { Outcome(assembler.receive($0)) } }
        #expect(outcome == .message(.text, Array(text.utf8), compressed: false))
    }

    @Test func continuesValidationFromTheOpenMessage() {
        var assembler = makeAssembler()
        #expect(receive(&assembler, .text, [0x41, 0xC3], fin: false) == .needMore)
        let good = WebSocketWire.frame(.continuation, [0xA9] + Array(repeating: 0x42, count: 50))
        #expect(inspect(&assembler, good, cut: good.count - 1) == nil)
        var other = makeAssembler()
        _ = receive(&other, .text, [0x41, 0xC3], fin: false)
        let bad = WebSocketWire.frame(.continuation, [0x41] + Array(repeating: 0x42, count: 50))
        #expect(inspect(&other, bad, cut: 10) == .fail(1007))
    }

    @Test func leavesBinaryCompressedAndOutOfOrderFramesToReceive() {
        let invalid: [UInt8] = [0xFF, 0xFE] + Array(repeating: 0, count: 100)
        var binary = makeAssembler()
        #expect(inspect(&binary, WebSocketWire.frame(.binary, invalid), cut: 50) == nil)
        var compressed = makeAssembler(compression: true)
        #expect(inspect(&compressed, WebSocketWire.frame(.text, invalid, rsv1: true), cut: 50) == nil)
        var stray = makeAssembler()
        #expect(inspect(&stray, WebSocketWire.frame(.continuation, invalid), cut: 50) == nil)
        #expect(receive(&stray, .continuation, invalid) == .fail(1002))
    }

    @Test func failsAnIncompleteFragmentThatWillExceedTheLimit() {
        var assembler = makeAssembler(max: 1000)
        #expect(receive(&assembler, .binary, Array(repeating: 0, count: 900), fin: false) == .needMore)
        let next = WebSocketWire.frame(.continuation, Array(repeating: 0, count: 200))  // 16-bit length form
        #expect(inspect(&assembler, next, cut: 3) == nil)  // length not readable yet
        #expect(inspect(&assembler, next, cut: 4) == .fail(1009))
    }
}
