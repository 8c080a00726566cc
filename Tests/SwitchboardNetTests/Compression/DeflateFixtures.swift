import TestSupport
@testable import SwitchboardNet

/// Messages and helpers shared by the compression tests.
enum DeflateFixtures {
    /// A JSON-like wallboard update of roughly `size` bytes; the same seed gives the same text.
    static func update(seed: UInt64, size: Int) -> [UInt8] {
        var random = SplitMix64(seed: seed)
        var text = "{\"type\":\"delta\",\"topic\":\"wallboard\",\"seq\":\(seed),\"agents\":["
        while text.utf8.count < size {
            let state = ["available", "busy", "paused", "offline"][Int(random.next() % 4)]
            text += "{\"id\":\"agent-\(random.next() % 500)\",\"state\":\"\(state)\",\"active\":\(random.next() % 4)},"
        }
        return Array(text.utf8.prefix(size))
    }

    /// Incompressible bytes.
    static func noise(seed: UInt64, size: Int) -> [UInt8] {
        var random = SplitMix64(seed: seed)
        return (0..<size).map { _ in UInt8(truncatingIfNeeded: random.next()) }
    }

    /// A sequence exercising small, repeated, large (several output chunks) and incompressible messages.
    static let sequence: [[UInt8]] = [
        update(seed: 1, size: 200),  // repeated, and short enough for a 9-bit window (zlib reaches back 250 bytes)
        update(seed: 1, size: 200),
        Array("Hello".utf8),
        update(seed: 2, size: 70_000),
        noise(seed: 3, size: 5_000),
        [],
        update(seed: 4, size: 1_000),
    ]

    static func compress(_ session: inout PerMessageDeflateSession, _ message: [UInt8], pool: DeflateStreamPool) -> [UInt8] {
        var output: [UInt8] = []
        message.withUnsafeBytes { session.compress($0, pool: pool, into: &output) }
        return output
    }

    static func decompress(
        _ session: inout PerMessageDeflateSession,
        _ payload: [UInt8],
        pool: DeflateStreamPool,
        maxSize: Int = 1 << 24
    ) throws(DeflateError) -> [UInt8] {
        var output: [UInt8] = []
        try decompress(&session, fragment: payload, isFinal: true, pool: pool, maxSize: maxSize, into: &output)
        return output
    }

    /// One fragment through `decompress`. (A typed-throws closure passed to withUnsafeBytes crashes Swift 6.3.1's IRGen,
    /// hence the Result.)
    static func decompress(
        _ session: inout PerMessageDeflateSession,
        fragment: [UInt8],
        isFinal: Bool,
        pool: DeflateStreamPool,
        maxSize: Int,
        into output: inout [UInt8]
    ) throws(DeflateError) {
        let result = fragment.withUnsafeBytes { bytes -> Result<Void, DeflateError> in
            do throws(DeflateError) {
                try session.decompress(bytes, isFinalFragment: isFinal, pool: pool, maxSize: maxSize, into: &output)
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        try result.get()
    }

    /// A whole payload (the 00 00 ff ff tail appended) through a bare inflater.
    static func inflate(_ inflater: RawInflateStream, _ payload: [UInt8], limit: Int) throws(DeflateError) -> [UInt8] {
        var output: [UInt8] = []
        let result = (payload + [0x00, 0x00, 0xFF, 0xFF]).withUnsafeBytes { bytes -> Result<Int, DeflateError> in
            do throws(DeflateError) {
                return .success(try inflater.inflate(bytes, limit: limit, into: &output))
            } catch {
                return .failure(error)
            }
        }
        _ = try result.get()
        return output
    }
}
