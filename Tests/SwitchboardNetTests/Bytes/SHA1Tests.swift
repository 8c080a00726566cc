import COpenSSL
import Testing
@testable import SwitchboardNet

@Suite struct SHA1Tests {
    private func hex(_ bytes: [UInt8]) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    @Test func digestsFIPSVectors() {
        #expect(hex(SHA1.digest([UInt8]())) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(hex(SHA1.digest(Array("abc".utf8))) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        let long = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(hex(SHA1.digest(long)) == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
        #expect(hex(SHA1.digest([UInt8](repeating: 0x61, count: 1_000_000))) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
    }

    @Test func digestIsTwentyBytes() {
        #expect(SHA1.digest([UInt8](repeating: 7, count: 1000)).count == SHA1.digestLength)
    }

    /// Every padding case (the length's 8 bytes fit in the last block or need one more) against OpenSSL.
    @Test func matchesOpenSSLAtEveryLengthAroundTheBlockBoundaries() {
        for length in 0...300 {
            let message = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ length) }
            var expected = [UInt8](repeating: 0, count: 20)
            message.withUnsafeBufferPointer { _ = COpenSSL.SHA1($0.baseAddress, $0.count, &expected) }
            #expect(SHA1.digest(message) == expected, "length \(length)")
        }
    }

    /// RFC 6455 §1.3's example key.
    @Test func acceptValueOfTheRFCExample() {
        #expect(WebSocketHandshake.acceptValue(key: "dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    }
}
