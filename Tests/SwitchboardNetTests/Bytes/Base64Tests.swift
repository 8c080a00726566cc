import Testing
import TestSupport
@testable import SwitchboardNet

@Suite struct Base64Tests {
    /// RFC 4648 §10 test vectors.
    static let vectors: [(String, String)] = [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy"),
    ]

    @Test func encodesRFC4648Vectors() {
        for (plain, encoded) in Self.vectors {
            #expect(Base64.encode(Array(plain.utf8)) == encoded)
        }
    }

    @Test func decodesRFC4648Vectors() {
        for (plain, encoded) in Self.vectors {
            #expect(Base64.decode(encoded) == Array(plain.utf8))
        }
    }

    @Test func usesTheStandardAlphabetForHighBytes() {
        #expect(Base64.encode([0xFB, 0xFF, 0xBF]) == "+/+/")
        #expect(Base64.decode("+/+/") == [0xFB, 0xFF, 0xBF])
    }

    @Test(arguments: [
        "Zg", "Zg=", "Zm9", "Z===", "Zg==Zg==", "Zm=v", "Zm9v ", " Zm9v", "Zm9v\n", "Zm-v", "Zm_v", "Zh==", "Zm9=", "====", "Zm\u{e9}v",
    ])
    func rejectsNonCanonicalInput(_ text: String) {
        #expect(Base64.decode(text) == nil)
    }

    @Test func roundTripsRandomBytes() {
        var rng = SplitMix64(seed: 0xB64)
        for _ in 0..<500 {
            let count = Int.random(in: 0...70, using: &rng)
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let encoded = Base64.encode(bytes)
            #expect(encoded.utf8.count == (count + 2) / 3 * 4)
            #expect(Base64.decode(encoded) == bytes)
        }
    }
}
