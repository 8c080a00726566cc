import Testing
@testable import SwitchboardNet

@Suite struct DeflateStreamPoolTests {
    private func compress(_ deflater: RawDeflateStream, _ message: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        message.withUnsafeBytes { deflater.compressMessage($0, into: &output) }
        return output
    }

    @Test func lendsTheSameCompressorBackReset() {
        let pool = DeflateStreamPool(maxIdleStreams: 2)
        let message = DeflateFixtures.update(seed: 1, size: 400)
        let first = pool.borrowDeflater(windowBits: 15, level: 1)
        let fresh = compress(first, message)
        pool.giveBack(first)
        #expect(pool.idleDeflaterCount == 1)
        let second = pool.borrowDeflater(windowBits: 15, level: 1)
        #expect(second === first)
        #expect(pool.idleDeflaterCount == 0)
        // Reset: the same message compresses as on a new stream, not as a back-reference to the last one.
        #expect(compress(second, message) == fresh)
    }

    @Test func keysCompressorsByWindowAndLevel() {
        let pool = DeflateStreamPool(maxIdleStreams: 4)
        let a = pool.borrowDeflater(windowBits: 15, level: 1)
        pool.giveBack(a)
        let other = pool.borrowDeflater(windowBits: 10, level: 1)
        #expect(other !== a && other.windowBits == 10)
        let otherLevel = pool.borrowDeflater(windowBits: 15, level: 6)
        #expect(otherLevel !== a && otherLevel.level == 6)
        #expect(pool.borrowDeflater(windowBits: 15, level: 1) === a)
    }

    @Test func capsIdleStreamsKeepingTheMostRecent() {
        let pool = DeflateStreamPool(maxIdleStreams: 2)
        let deflaters = (9...12).map { pool.borrowDeflater(windowBits: $0, level: 1) }
        deflaters.forEach(pool.giveBack)
        #expect(pool.idleDeflaterCount == 2)
        #expect(pool.borrowDeflater(windowBits: 12, level: 1) === deflaters[3])
        #expect(pool.borrowDeflater(windowBits: 9, level: 1) !== deflaters[0])

        let inflaters = (0..<3).map { _ in pool.borrowInflater() }
        inflaters.forEach(pool.giveBack)
        #expect(pool.idleInflaterCount == 2)

        let none = DeflateStreamPool(maxIdleStreams: 0)
        none.giveBack(none.borrowDeflater(windowBits: 15, level: 1))
        none.giveBack(none.borrowInflater())
        #expect(none.idleDeflaterCount == 0 && none.idleInflaterCount == 0)
    }

    @Test func lendsDecompressorsBackReset() throws {
        let pool = DeflateStreamPool()
        let inflater = pool.borrowInflater()
        #expect(inflater.windowBits == 15)
        // Leave it mid-stream (the first "Hello" without its tail), then give it back.
        var output: [UInt8] = []
        let partial: [UInt8] = [0xF2, 0x48, 0xCD]
        let result = partial.withUnsafeBytes { bytes -> Result<Int, DeflateError> in
            do throws(DeflateError) { return .success(try inflater.inflate(bytes, limit: 100, into: &output)) } catch { return .failure(error) }
        }
        _ = try result.get()
        pool.giveBack(inflater)
        let again = pool.borrowInflater()
        #expect(again === inflater)
        #expect(try DeflateFixtures.inflate(again, [0xF2, 0x48, 0xCD, 0xC9, 0xC9, 0x07, 0x00], limit: 100) == Array("Hello".utf8))
    }
}
