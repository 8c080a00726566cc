/// Base64 with the standard alphabet and padding (RFC 4648 §4), as the WebSocket handshake uses it.
public enum Base64 {
    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Maps an ASCII byte to its 6-bit value; 0xFF marks a byte outside the alphabet.
    private static let decodeTable: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(index) }
        return table
    }()

    /// Encodes bytes as padded base64 text.
    /// - Parameter bytes: the bytes to encode.
    /// - Returns: the base64 text (length a multiple of 4).
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        let input = Array(bytes)
        let outputLength = (input.count + 2) / 3 * 4
        let utf8 = [UInt8](unsafeUninitializedCapacity: outputLength) { out, initialized in
            var o = 0, i = 0
            while i + 3 <= input.count {
                let v = UInt32(input[i]) << 16 | UInt32(input[i + 1]) << 8 | UInt32(input[i + 2])
                out[o] = alphabet[Int(v >> 18 & 63)]
                out[o + 1] = alphabet[Int(v >> 12 & 63)]
                out[o + 2] = alphabet[Int(v >> 6 & 63)]
                out[o + 3] = alphabet[Int(v & 63)]
                i += 3
                o += 4
            }
            let rest = input.count - i
            if rest > 0 {
                let v = UInt32(input[i]) << 16 | (rest == 2 ? UInt32(input[i + 1]) << 8 : 0)
                out[o] = alphabet[Int(v >> 18 & 63)]
                out[o + 1] = alphabet[Int(v >> 12 & 63)]
                out[o + 2] = rest == 2 ? alphabet[Int(v >> 6 & 63)] : UInt8(ascii: "=")
                out[o + 3] = UInt8(ascii: "=")
                o += 4
            }
            initialized = o
        }
        return String(decoding: utf8, as: UTF8.self)
    }

    /// Decodes padded base64 text strictly: the length must be a multiple of 4, padding may only end
    /// the text, no whitespace is allowed and the unused bits before the padding must be zero.
    /// - Parameter text: the base64 text.
    /// - Returns: the decoded bytes, or nil if `text` is not canonical base64.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        let input = Array(text.utf8)
        guard input.count % 4 == 0 else { return nil }
        if input.isEmpty { return [] }
        var padding = 0
        if input[input.count - 1] == UInt8(ascii: "=") { padding += 1 }
        if input[input.count - 2] == UInt8(ascii: "=") { padding += 1 }
        if padding == 1 && input[input.count - 2] == UInt8(ascii: "=") { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(input.count / 4 * 3)
        var i = 0
        while i < input.count {
            let isLast = i + 4 == input.count
            let significant = isLast ? 4 - padding : 4
            var v: UInt32 = 0
            for j in 0..<4 {
                var sextet: UInt8 = 0
                if j < significant {
                    sextet = decodeTable[Int(input[i + j])]
                    if sextet == 0xFF { return nil }
                }
                v = v << 6 | UInt32(sextet)
            }
            output.append(UInt8(v >> 16 & 0xFF))
            if significant >= 3 { output.append(UInt8(v >> 8 & 0xFF)) }
            if significant == 4 { output.append(UInt8(v & 0xFF)) }
            // Non-zero bits under the padding mean a non-canonical encoding.
            if significant == 2 && v & 0xFFFF != 0 { return nil }
            if significant == 3 && v & 0xFF != 0 { return nil }
            i += 4
        }
        return output
    }
}
