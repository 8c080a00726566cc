/// SHA-1 (FIPS 180-4 §6.1) in Swift, used only for the WebSocket accept value (RFC 6455 §4.2.2), not for security.
/// In Swift rather than through OpenSSL: a plain ws server then never pages in libcrypto (~2 MB of RSS it touched on
/// the first handshake), and the 60-byte accept input costs two compressions, without OpenSSL 3's per-call
/// digest fetch.
public enum SHA1 {
    /// The length of a SHA-1 digest in bytes.
    public static let digestLength = 20

    /// Computes the SHA-1 digest of `bytes`.
    /// - Parameter bytes: the message.
    /// - Returns: the 20-byte digest.
    public static func digest(_ bytes: some Collection<UInt8>) -> [UInt8] {
        let input = Array(bytes)
        return input.withUnsafeBytes { digest($0) }
    }

    /// Computes the SHA-1 digest of `message`.
    public static func digest(_ message: UnsafeRawBufferPointer) -> [UInt8] {
        var state: (UInt32, UInt32, UInt32, UInt32, UInt32) = (0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0)
        let count = message.count
        var offset = 0
        while count - offset >= 64 {
            compress(&state, UnsafeRawBufferPointer(rebasing: message[offset..<(offset + 64)]))
            offset += 64
        }
        // §5.1.1: 0x80, zeros, the length in bits as 64-bit big-endian, to a multiple of 64 bytes.
        var tail: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                   UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &tail) { block in
            let rest = count - offset
            if rest > 0 { block.baseAddress!.copyMemory(from: message.baseAddress! + offset, byteCount: rest) }
            block[rest] = 0x80
            let blocks = rest + 9 <= 64 ? 1 : 2
            block.storeBytes(of: (UInt64(count) &* 8).bigEndian, toByteOffset: blocks * 64 - 8, as: UInt64.self)
            for i in 0..<blocks { compress(&state, UnsafeRawBufferPointer(rebasing: block[(i * 64)..<(i * 64 + 64)])) }
        }
        return [UInt8](unsafeUninitializedCapacity: digestLength) { out, initialized in
            let raw = UnsafeMutableRawBufferPointer(out)
            raw.storeBytes(of: state.0.bigEndian, toByteOffset: 0, as: UInt32.self)
            raw.storeBytes(of: state.1.bigEndian, toByteOffset: 4, as: UInt32.self)
            raw.storeBytes(of: state.2.bigEndian, toByteOffset: 8, as: UInt32.self)
            raw.storeBytes(of: state.3.bigEndian, toByteOffset: 12, as: UInt32.self)
            raw.storeBytes(of: state.4.bigEndian, toByteOffset: 16, as: UInt32.self)
            initialized = digestLength
        }
    }

    /// One 64-byte block (§6.1.2).
    @inline(__always)
    private static func compress(_ state: inout (UInt32, UInt32, UInt32, UInt32, UInt32), _ block: UnsafeRawBufferPointer) {
        var w: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32,
                UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &w) { schedule in
            let words = schedule.bindMemory(to: UInt32.self)
            for i in 0..<16 { words[i] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)) }
            var a = state.0, b = state.1, c = state.2, d = state.3, e = state.4
            for t in 0..<80 {
                let word: UInt32
                if t < 16 {
                    word = words[t]
                } else {
                    let x = words[(t - 3) & 15] ^ words[(t - 8) & 15] ^ words[(t - 14) & 15] ^ words[t & 15]
                    word = x << 1 | x >> 31
                    words[t & 15] = word
                }
                let f: UInt32, k: UInt32
                switch t {
                case 0..<20: f = (b & c) | (~b & d); k = 0x5A82_7999
                case 20..<40: f = b ^ c ^ d; k = 0x6ED9_EBA1
                case 40..<60: f = (b & c) | (b & d) | (c & d); k = 0x8F1B_BCDC
                default: f = b ^ c ^ d; k = 0xCA62_C1D6
                }
                let temp = (a << 5 | a >> 27) &+ f &+ e &+ k &+ word
                e = d
                d = c
                c = b << 30 | b >> 2
                b = a
                a = temp
            }
            state.0 &+= a
            state.1 &+= b
            state.2 &+= c
            state.3 &+= d
            state.4 &+= e
        }
    }
}
