import Testing
import TestSupport
@testable import SwitchboardNet

@Suite struct WebSocketFrameParserTests {
    private func firstFrame(
        _ bytes: [UInt8], maxFrameSize: Int = 1 << 20, allowRSV1: Bool = false, requireMask: Bool = true
    ) throws(WebSocketProtocolError) -> WebSocketTestFrame? {
        var parser = WebSocketFrameParser(maxFrameSize: maxFrameSize, allowRSV1: allowRSV1, requireMask: requireMask)
        var buffer = bytes
        let result: Result<WebSocketTestFrame?, WebSocketProtocolError> = buffer.withUnsafeMutableBytes { raw in
            do throws(WebSocketProtocolError) {
                return .success(try parser.nextFrame(raw).map(WebSocketTestFrame.init))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    // MARK: - RFC 6455 §5.7 examples

    @Test func parsesRFCMaskedHello() throws {
        let wire: [UInt8] = [0x81, 0x85, 0x37, 0xFA, 0x21, 0x3D, 0x7F, 0x9F, 0x4D, 0x51, 0x58]
        let frame = try #require(try firstFrame(wire))
        #expect(frame == WebSocketTestFrame(opcode: .text, payload: Array("Hello".utf8), frameLength: 11))
    }

    @Test func parsesRFCUnmaskedFramesWhenMaskIsNotRequired() throws {
        let hello = try #require(try firstFrame([0x81, 0x05, 0x48, 0x65, 0x6C, 0x6C, 0x6F], requireMask: false))
        #expect(hello == WebSocketTestFrame(opcode: .text, payload: Array("Hello".utf8), frameLength: 7))
        let fragments = try parseAllFrames([0x01, 0x03, 0x48, 0x65, 0x6C, 0x80, 0x02, 0x6C, 0x6F], requireMask: false)
        #expect(fragments.frames == [
            WebSocketTestFrame(fin: false, opcode: .text, payload: Array("Hel".utf8), frameLength: 5),
            WebSocketTestFrame(fin: true, opcode: .continuation, payload: Array("lo".utf8), frameLength: 4),
        ])
        #expect(fragments.rest == 0)
    }

    @Test func parsesExtendedLengths() throws {
        let medium = try #require(try firstFrame([0x82, 0x7E, 0x01, 0x00] + [UInt8](repeating: 9, count: 256), requireMask: false))
        #expect(medium.payload.count == 256 && medium.frameLength == 260)
        let large = try #require(
            try firstFrame([0x82, 0x7F, 0, 0, 0, 0, 0, 1, 0, 0] + [UInt8](repeating: 9, count: 65536), requireMask: false))
        #expect(large.payload.count == 65536 && large.frameLength == 65546)
    }

    // MARK: - Fail fast: errors from the header alone

    @Test(arguments: [
        ([0xA1, 0x80], WebSocketProtocolError.reservedBitsSet),  // RSV2
        ([0x91, 0x80], .reservedBitsSet),  // RSV3
        ([0xC1, 0x80], .reservedBitsSet),  // RSV1 without permessage-deflate
        ([0x83, 0x80], .unknownOpcode(3)),
        ([0x8B, 0x80], .unknownOpcode(0xB)),
        ([0x09, 0x80], .fragmentedControlFrame),
        ([0x88, 0xFE], .controlFrameTooLong),
        ([0x89, 0xFF], .controlFrameTooLong),
        ([0x81, 0x05], .unmaskedClientFrame),
        ([0x82, 0xFE, 0x01, 0x00], .messageTooBig),  // 256 > maxFrameSize 255
        ([0x82, 0xFF, 0, 0, 0, 1, 0, 0, 0, 0], .messageTooBig),
        ([0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 0], .invalidLength),
    ] as [([UInt8], WebSocketProtocolError)])
    func failsAsSoonAsTheHeaderBreaksARule(_ header: [UInt8], _ expected: WebSocketProtocolError) {
        #expect(throws: expected) { _ = try firstFrame(header, maxFrameSize: 255) }
    }

    @Test func allowsRSV1WhenNegotiated() throws {
        let wire = WebSocketWire.frame(.text, [1, 2, 3], rsv1: true)
        let frame = try #require(try firstFrame(wire, allowRSV1: true))
        #expect(frame.rsv1 && frame.payload == [1, 2, 3])
        #expect(throws: WebSocketProtocolError.reservedBitsSet) { _ = try firstFrame(wire, allowRSV1: false) }
    }

    @Test func acceptsControlFramesOfExactly125Bytes() throws {
        let frame = try #require(try firstFrame(WebSocketWire.frame(.ping, [UInt8](repeating: 1, count: 125))))
        #expect(frame.opcode == .ping && frame.payload.count == 125)
    }

    @Test func acceptsAFrameOfExactlyMaxFrameSize() throws {
        let frame = try #require(try firstFrame(WebSocketWire.frame(.binary, [UInt8](repeating: 1, count: 255)), maxFrameSize: 255))
        #expect(frame.payload.count == 255)
        #expect(throws: WebSocketProtocolError.messageTooBig) {
            _ = try firstFrame(WebSocketWire.frame(.binary, [UInt8](repeating: 1, count: 256)), maxFrameSize: 255)
        }
    }

    // MARK: - Incomplete input

    @Test func incompleteFrameConsumesAndUnmasksNothing() throws {
        let wire = WebSocketWire.frame(.binary, Array(0..<200))
        for cut in 0..<wire.count {
            var parser = WebSocketFrameParser(maxFrameSize: 1 << 20, allowRSV1: false)
            var buffer = wire
            let frame = try buffer.withUnsafeMutableBytes { raw in
                try parser.nextFrame(UnsafeMutableRawBufferPointer(rebasing: raw[..<cut]))
            }
            #expect(frame == nil, "cut at \(cut)")
            #expect(buffer == wire, "bytes changed for a cut at \(cut)")
        }
    }

    @Test func parsesFramesSplitAtEveryByteBoundary() throws {
        let frames: [[UInt8]] = [
            WebSocketWire.text("Hello"), WebSocketWire.frame(.ping, [1, 2]), WebSocketWire.frame(.binary, Array(repeating: 7, count: 300)),
            WebSocketWire.text("", fin: false), WebSocketWire.frame(.continuation, Array(repeating: 0x41, count: 126)),
            WebSocketWire.close(1000, Array("bye".utf8)),
        ]
        let wire = frames.flatMap { $0 }
        let expected = try parseAllFrames(wire).frames
        #expect(expected.map(\.opcode) == [.text, .ping, .binary, .text, .continuation, .close])
        for (prefix, _) in wire.everySplit() {
            var parser = WebSocketFrameParser(maxFrameSize: 1 << 20, allowRSV1: false)
            var buffer = wire
            var got: [WebSocketTestFrame] = []
            try buffer.withUnsafeMutableBytes { raw in
                var offset = 0
                // First read: only the prefix has arrived.
                while let frame = try parser.nextFrame(UnsafeMutableRawBufferPointer(rebasing: raw[offset..<prefix.count])) {
                    got.append(WebSocketTestFrame(frame))
                    offset += frame.frameLength
                }
                #expect(Array(raw[offset..<prefix.count]) == Array(wire[offset..<prefix.count]), "tail touched at split \(prefix.count)")
                // Second read: the rest arrived behind it.
                while let frame = try parser.nextFrame(UnsafeMutableRawBufferPointer(rebasing: raw[offset...])) {
                    got.append(WebSocketTestFrame(frame))
                    offset += frame.frameLength
                }
                #expect(offset == wire.count)
            }
            #expect(got == expected, "split at \(prefix.count)")
        }
    }

    // MARK: - requiredLength

    @Test(arguments: [0, 1, 125, 126, 127, 65535, 65536, 100_000])
    func requiredLengthIsKnownOnceTheHeaderIsReadable(_ length: Int) {
        let wire = WebSocketWire.frame(.binary, [UInt8](repeating: 0, count: length))
        let headerLength = wire.count - length
        for cut in 0...headerLength {
            let required = wire.withUnsafeBytes { WebSocketFrameParser.requiredLength(UnsafeRawBufferPointer(rebasing: $0[..<cut])) }
            let headerReadable = cut >= headerLength - 4  // the mask key is not needed to know the size
            #expect(required == (headerReadable ? wire.count : nil), "cut \(cut)")
        }
    }

    @Test func requiredLengthSaturatesAbsurdLengths() {
        let header: [UInt8] = [0x82, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]
        #expect(header.withUnsafeBytes { WebSocketFrameParser.requiredLength($0) } == Int.max)
    }

    // MARK: - Unmasking

    @Test func unmaskMatchesBytewiseXORAtEveryAlignmentAndLength() {
        var rng = SplitMix64(seed: 42)
        let keyBytes: [UInt8] = [0x12, 0x34, 0xAB, 0xCD]
        let key = keyBytes.withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }
        for start in 0..<8 {
            for length in 0..<40 {
                let original = (0..<(start + length)).map { _ in UInt8.random(in: 0...255, using: &rng) }
                var buffer = original
                buffer.withUnsafeMutableBytes { raw in
                    WebSocketFrameParser.unmask(UnsafeMutableRawBufferPointer(rebasing: raw[start...]), key: key)
                }
                let expected = Array(original[..<start]) + (0..<length).map { original[start + $0] ^ keyBytes[$0 % 4] }
                #expect(buffer == expected, "start \(start) length \(length)")
            }
        }
    }

    // MARK: - Property: encodeMasked → parse is the identity

    @Test func roundTripsRandomFrames() throws {
        let seed: UInt64 = 0x5EED_6455
        var rng = SplitMix64(seed: seed)
        let lengths = [0, 1, 7, 8, 9, 125, 126, 127, 65535, 65536]
        for iteration in 0..<400 {
            let opcode = WebSocketOpcode.allCases.randomElement(using: &rng)!
            let length: Int
            if opcode.isControl {
                length = [0, 1, 124, 125, Int.random(in: 0...125, using: &rng)].randomElement(using: &rng)!
            } else {
                length = Bool.random(using: &rng) ? lengths.randomElement(using: &rng)! : Int.random(in: 0...70_000, using: &rng)
            }
            let fin = opcode.isControl || Bool.random(using: &rng)
            let rsv1 = Bool.random(using: &rng)
            let mask = UInt32.random(in: 0...UInt32.max, using: &rng)
            let payload = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let wire = WebSocketFrameEncoder.encodeMasked(opcode: opcode, payload: payload, maskKey: mask, fin: fin, rsv1: rsv1)
            let parsed = try parseAllFrames(wire, allowRSV1: true)
            let expected = WebSocketTestFrame(fin: fin, rsv1: rsv1, opcode: opcode, payload: payload, frameLength: wire.count)
            #expect(parsed.frames == [expected], "seed \(seed) iteration \(iteration)")
            #expect(parsed.rest == 0)
            // The unmasked server encoding parses back the same way.
            let plain = WebSocketFrameEncoder.encode(opcode: opcode, payload: payload, fin: fin, rsv1: rsv1)
            let unmasked = try parseAllFrames(plain, allowRSV1: true, requireMask: false)
            #expect(unmasked.frames == [WebSocketTestFrame(fin: fin, rsv1: rsv1, opcode: opcode, payload: payload, frameLength: plain.count)])
        }
    }
}
