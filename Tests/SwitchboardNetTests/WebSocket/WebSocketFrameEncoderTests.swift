import Testing
@testable import SwitchboardNet

@Suite struct WebSocketFrameEncoderTests {
    @Test(arguments: [(0, 2), (125, 2), (126, 4), (65535, 4), (65536, 10), (1 << 40, 10)])
    func headerSizeUsesTheMinimalLengthEncoding(_ length: Int, _ size: Int) {
        #expect(WebSocketFrameEncoder.headerSize(payloadLength: length) == size)
    }

    @Test func writesHeaderBits() {
        var header = [UInt8](repeating: 0, count: 10)
        let written = header.withUnsafeMutableBytes {
            WebSocketFrameEncoder.writeHeader(opcode: .binary, fin: false, rsv1: true, payloadLength: 65536, into: $0.baseAddress!)
        }
        #expect(written == 10)
        #expect(header == [0x42, 0x7F, 0, 0, 0, 0, 0, 1, 0, 0])
        let short = header.withUnsafeMutableBytes {
            WebSocketFrameEncoder.writeHeader(opcode: .pong, fin: true, rsv1: false, payloadLength: 300, into: $0.baseAddress!)
        }
        #expect(short == 4 && Array(header[..<4]) == [0x8A, 0x7E, 0x01, 0x2C])
    }

    /// RFC 6455 §5.7 examples.
    @Test func encodesRFCExamples() {
        #expect(WebSocketFrameEncoder.encode(opcode: .text, payload: Array("Hello".utf8)) == [0x81, 0x05, 0x48, 0x65, 0x6C, 0x6C, 0x6F])
        #expect(WebSocketFrameEncoder.encode(opcode: .text, payload: Array("Hel".utf8), fin: false) == [0x01, 0x03, 0x48, 0x65, 0x6C])
        #expect(WebSocketFrameEncoder.encode(opcode: .continuation, payload: Array("lo".utf8)) == [0x80, 0x02, 0x6C, 0x6F])
        #expect(WebSocketFrameEncoder.encode(opcode: .ping, payload: Array("Hello".utf8)) == [0x89, 0x05, 0x48, 0x65, 0x6C, 0x6C, 0x6F])
        let masked = WebSocketFrameEncoder.encodeMasked(opcode: .text, payload: Array("Hello".utf8), maskKey: 0x37FA_213D)
        #expect(masked == [0x81, 0x85, 0x37, 0xFA, 0x21, 0x3D, 0x7F, 0x9F, 0x4D, 0x51, 0x58])
        let binary = WebSocketFrameEncoder.encode(opcode: .binary, payload: [UInt8](repeating: 1, count: 256))
        #expect(Array(binary[..<4]) == [0x82, 0x7E, 0x01, 0x00] && binary.count == 260)
        let large = WebSocketFrameEncoder.encode(opcode: .binary, payload: [UInt8](repeating: 1, count: 65536))
        #expect(Array(large[..<10]) == [0x82, 0x7F, 0, 0, 0, 0, 0, 1, 0, 0] && large.count == 65546)
    }

    @Test func encodesEmptyPayloads() {
        #expect(WebSocketFrameEncoder.encode(opcode: .pong, payload: [UInt8]()) == [0x8A, 0x00])
        #expect(WebSocketFrameEncoder.encodeMasked(opcode: .close, payload: [], maskKey: 1) == [0x88, 0x80, 0, 0, 0, 1])
    }

    @Test func encodesCloseWithCodeAndReason() {
        #expect(WebSocketFrameEncoder.encodeClose(code: .normalClosure) == [0x88, 0x02, 0x03, 0xE8])
        #expect(WebSocketFrameEncoder.encodeClose(code: .goingAway, reason: "bye") == [0x88, 0x05, 0x03, 0xE9, 0x62, 0x79, 0x65])
        #expect(WebSocketFrameEncoder.encodeClose(code: .noStatusReceived, reason: "ignored") == [0x88, 0x00])
    }

    @Test func cutsALongCloseReasonAtACharacterBoundary() {
        // 61 two-byte characters = 122 bytes, then a 3-byte one that would overflow 123.
        let reason = String(repeating: "é", count: 61) + "€" + "tail"
        let frame = WebSocketFrameEncoder.encodeClose(code: .policyViolation, reason: reason)
        #expect(frame[1] == 124)  // 2-byte code + 122 bytes
        let text = String(validating: frame[4...], as: UTF8.self)
        #expect(text == String(repeating: "é", count: 61))
        let ascii = WebSocketFrameEncoder.encodeClose(code: .policyViolation, reason: String(repeating: "a", count: 200))
        #expect(ascii.count == 2 + 125)
    }
}
