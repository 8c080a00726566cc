/// Percent-encoding for form bodies and their decoding (the provider endpoint reads the server's classic sends).
enum FormEncoding {
    static func escape(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "): out += "+"
            default: out += "%" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 0xF, radix: 16, uppercase: true)
            }
        }
        return out
    }

    /// The decoded name/value pairs of a form body (malformed escapes are kept as they are).
    static func decode(_ body: [UInt8]) -> [(name: String, value: String)] {
        body.split(separator: UInt8(ascii: "&")).map { pair in
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            return (unescape(Array(parts[0])), parts.count > 1 ? unescape(Array(parts[1])) : "")
        }
    }

    private static func unescape(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = [], i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte == UInt8(ascii: "+") { out.append(UInt8(ascii: " ")) }
            else if byte == UInt8(ascii: "%"), i + 2 < bytes.count,
                    let value = UInt8(String(decoding: bytes[i + 1...i + 2], as: UTF8.self), radix: 16) {
                out.append(value)
                i += 2
            } else { out.append(byte) }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
