import Testing
import TestSupport
@testable import SwitchboardNet

@Suite struct UTF8ValidatorTests {
    private func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        String(validating: bytes, as: UTF8.self) != nil
    }

    /// Whole-input verdict of the validator: every byte accepted and at a boundary at the end.
    private func validatorAccepts(_ bytes: [UInt8]) -> Bool {
        var validator = UTF8Validator()
        return validator.validate(bytes) && validator.isAtBoundary
    }

    /// The index of the byte at which the validator first fails, feeding one byte at a time.
    private func failurePosition(_ bytes: [UInt8]) -> Int? {
        var validator = UTF8Validator()
        for (index, byte) in bytes.enumerated() where !validator.validate([byte]) { return index }
        return nil
    }

    /// One continuation byte of each range a second byte can be restricted to (80-8F, 90-9F, A0-BF):
    /// an unfinished sequence can only be completed by continuation bytes.
    private static let continuationBytes: [UInt8] = [0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF]

    /// Whether some continuation of at most 3 bytes turns `prefix` into valid UTF-8.
    private func canBeCompleted(_ prefix: [UInt8]) -> Bool {
        if isValidUTF8(prefix) { return true }
        for a in Self.continuationBytes {
            if isValidUTF8(prefix + [a]) { return true }
            for b in Self.continuationBytes {
                if isValidUTF8(prefix + [a, b]) { return true }
                for c in Self.continuationBytes where isValidUTF8(prefix + [a, b, c]) { return true }
            }
        }
        return false
    }

    static let edgeCases: [[UInt8]] = [
        [], [0x00], [0x7F], [0xC2, 0x80], [0xDF, 0xBF], [0xE0, 0xA0, 0x80], [0xEF, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80],
        [0xF4, 0x8F, 0xBF, 0xBF],  // U+10FFFF
        [0xED, 0x9F, 0xBF], [0xEE, 0x80, 0x80],  // around the surrogates
        [0xEF, 0xBF, 0xBE],  // U+FFFE noncharacter: valid UTF-8
        [0x80], [0xBF], [0xC0, 0x80], [0xC1, 0xBF], [0xC2], [0xC2, 0x41], [0xE0, 0x80, 0x80], [0xE0, 0x9F, 0xBF],
        [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xED, 0xA0, 0x80, 0xED, 0xB0, 0x80],  // surrogates
        [0xF0, 0x80, 0x80, 0x80], [0xF0, 0x8F, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xF7, 0xBF, 0xBF, 0xBF],
        [0xF8, 0x88, 0x80, 0x80, 0x80], [0xFC, 0x84, 0x80, 0x80, 0x80, 0x80], [0xFE], [0xFF], [0xE0, 0xA0], [0xF0, 0x90, 0x80],
        Array("κόσμε".utf8), Array("κόσμε".utf8) + [0xED, 0xA0, 0x80] + Array("edited".utf8),
        Array("Hello-µ@ßöäüàá-UTF-8!!".utf8), Array("0123456789abcdef".utf8) + [0xC3],
    ]

    @Test(arguments: edgeCases)
    func agreesWithTheStandardLibraryOnEdgeCases(_ bytes: [UInt8]) {
        #expect(validatorAccepts(bytes) == isValidUTF8(bytes), "\(bytes)")
    }

    @Test func agreesWithTheStandardLibraryOnEveryOneAndTwoByteInput() {
        for a in 0...255 {
            #expect(validatorAccepts([UInt8(a)]) == isValidUTF8([UInt8(a)]))
            for b in 0...255 {
                let bytes = [UInt8(a), UInt8(b)]
                if validatorAccepts(bytes) != isValidUTF8(bytes) { Issue.record("disagree on \(bytes)") }
            }
        }
    }

    @Test func agreesWithTheStandardLibraryOnEveryThreeByteSequenceFromALead() {
        for lead in 0xE0...0xF4 {
            for b in 0x70...0xC3 {
                for c in [0x41, 0x7F, 0x80, 0x8F, 0x90, 0xBF, 0xC0] {
                    let bytes = [UInt8(lead), UInt8(b), UInt8(c)]
                    if validatorAccepts(bytes) != isValidUTF8(bytes) { Issue.record("disagree on \(bytes)") }
                    let four = bytes + [0x80]
                    if validatorAccepts(four) != isValidUTF8(four) { Issue.record("disagree on \(four)") }
                }
            }
        }
    }

    @Test func agreesWithTheStandardLibraryOnRandomInput() {
        let seed: UInt64 = 0x0_7F8
        var rng = SplitMix64(seed: seed)
        let pieces: [[UInt8]] = [
            Array("plain ascii text ".utf8), Array("é".utf8), Array("€".utf8), Array("😀".utf8), Array("\u{10FFFF}".utf8),
            [0x80], [0xC0], [0xED, 0xA0], [0xF4, 0x90], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xFF],
        ]
        for iteration in 0..<3000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...12, using: &rng) {
                if Int.random(in: 0...9, using: &rng) < 8 {
                    bytes += pieces[Int.random(in: 0..<5, using: &rng)]
                } else if Bool.random(using: &rng) {
                    bytes += pieces.randomElement(using: &rng)!
                } else {
                    bytes.append(UInt8.random(in: 0...255, using: &rng))
                }
            }
            let verdict = isValidUTF8(bytes)
            if validatorAccepts(bytes) != verdict { Issue.record("seed \(seed) iteration \(iteration): disagree on \(bytes)") }
            // Any split into two feeds gives the same verdict.
            let cut = bytes.isEmpty ? 0 : Int.random(in: 0...bytes.count, using: &rng)
            var validator = UTF8Validator()
            let split = validator.validate(Array(bytes[..<cut])) && validator.validate(Array(bytes[cut...])) && validator.isAtBoundary
            if split != verdict { Issue.record("seed \(seed) iteration \(iteration): split at \(cut) disagrees on \(bytes)") }
        }
    }

    /// It fails exactly at the first byte after which no continuation could make the text valid.
    @Test func failsAtTheEarliestImpossibleByte() {
        var rng = SplitMix64(seed: 0xFA57)
        var inputs = Self.edgeCases
        for _ in 0..<200 {
            inputs.append(Array("ab".utf8) + (0..<Int.random(in: 1...6, using: &rng)).map { _ in UInt8.random(in: 0x7F...0xFF, using: &rng) })
        }
        for bytes in inputs {
            guard let position = failurePosition(bytes) else {
                #expect(canBeCompleted(bytes), "accepted a prefix that cannot be completed: \(bytes)")
                continue
            }
            #expect(canBeCompleted(Array(bytes[..<position])), "failed too early at \(position) in \(bytes)")
            #expect(!canBeCompleted(Array(bytes[...position])), "failed too late at \(position) in \(bytes)")
        }
    }

    @Test(arguments: [[0xC0] as [UInt8], [0xC1], [0xF5], [0xFF], [0xE0, 0x80], [0xED, 0xA0], [0xF0, 0x8F], [0xF4, 0x90]])
    func rejectsOverlongsSurrogatesAndOutOfRangeAtTheirFirstImpossibleByte(_ bytes: [UInt8]) {
        #expect(failurePosition(bytes) == bytes.count - 1)
    }

    @Test func staysFailedAfterAnError() {
        var validator = UTF8Validator()
        let bad = validator.validate([0xFF])
        let afterBad = validator.validate(Array("fine".utf8))
        #expect(!bad && !afterBad)
        validator.reset()
        let afterReset = validator.validate(Array("fine".utf8))
        #expect(afterReset && validator.isAtBoundary)
    }

    @Test func tracksTheCodePointBoundaryAcrossFeeds() {
        var validator = UTF8Validator()
        var accepted: [Bool] = []
        var boundaries: [Bool] = []
        for piece: [UInt8] in [[0xF0, 0x9F], [0x98], [0x80]] {
            accepted.append(validator.validate(piece))
            boundaries.append(validator.isAtBoundary)
        }
        #expect(accepted == [true, true, true])
        #expect(boundaries == [false, false, true])
    }

    @Test func fastPathHandlesLongASCIIRunsAroundMultibyteCharacters() {
        let text = String(repeating: "abcdefgh", count: 100) + "é" + String(repeating: "z", count: 13) + "😀"
        #expect(validatorAccepts(Array(text.utf8)))
        var broken = Array(text.utf8)
        broken[803] = 0xC0
        #expect(failurePosition(broken) == 803)
        #expect(!validatorAccepts(broken))
    }
}
