/// Appends JSON (RFC 8259) into a byte buffer without Foundation: objects, arrays, strings with full escaping
/// (control characters, and U+2028/U+2029 so the text is also safe inside JavaScript), integers and doubles.
/// Commas are inserted automatically; keys and values must alternate inside objects.
struct JSONWriter {
    /// The JSON written so far.
    private(set) var bytes: [UInt8]
    // One bit per open container (up to 64 deep): 1 when the next value needs a comma before it.
    private var commaBits: UInt64 = 0
    private var depth = 0
    private var afterKey = false

    /// An empty writer.
    /// - Parameter capacity: bytes to reserve.
    init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    private mutating func separate() {
        if afterKey { afterKey = false; return }
        guard depth > 0 else { return }
        let bit: UInt64 = 1 << UInt64(depth - 1)
        if commaBits & bit != 0 { bytes.append(UInt8(ascii: ",")) } else { commaBits |= bit }
    }

    /// Opens an object.
    mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        depth += 1
        commaBits &= ~(1 << UInt64(depth - 1))
    }

    /// Closes the innermost object.
    mutating func endObject() {
        depth -= 1
        bytes.append(UInt8(ascii: "}"))
    }

    /// Opens an array.
    mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        depth += 1
        commaBits &= ~(1 << UInt64(depth - 1))
    }

    /// Closes the innermost array.
    mutating func endArray() {
        depth -= 1
        bytes.append(UInt8(ascii: "]"))
    }

    /// Writes an object key (the next call writes its value).
    /// - Parameter name: the key; ASCII without escapes in practice, escaped anyway.
    mutating func key(_ name: String) {
        separate()
        writeString(name)
        bytes.append(UInt8(ascii: ":"))
        afterKey = true
    }

    /// Writes a string value.
    mutating func string(_ value: String) {
        separate()
        writeString(value)
    }

    /// Writes an integer value.
    mutating func int(_ value: Int64) {
        separate()
        if value == 0 { bytes.append(UInt8(ascii: "0")); return }
        var magnitude = value.magnitude
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            while magnitude > 0 {
                buffer[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            }
            for i in stride(from: count - 1, through: 0, by: -1) { bytes.append(buffer[i]) }
        }
    }

    /// Writes an integer value.
    mutating func int(_ value: Int) { int(Int64(value)) }

    /// Writes a double (shortest round-trip form); nil, NaN and infinities become `null` (an empty ratio is "—").
    mutating func double(_ value: Double?) {
        guard let value, value.isFinite else { null(); return }
        separate()
        if value == value.rounded(.towardZero), abs(value) < 1e15 {
            // Integral values as integers ("5", not "5.0"): shorter, and what a JavaScript client prints anyway.
            afterKey = true
            int(Int64(value))
            return
        }
        bytes.append(contentsOf: value.description.utf8)
    }

    /// Writes a boolean.
    mutating func bool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: value ? Array("true".utf8) : Array("false".utf8))
    }

    /// Writes `null`.
    mutating func null() {
        separate()
        bytes.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    private mutating func writeString(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = value
        text.withUTF8 { utf8 in
            var i = 0
            var runStart = 0
            while i < utf8.count {
                let byte = utf8[i]
                let isLineSeparator = byte == 0xE2 && i + 2 < utf8.count && utf8[i + 1] == 0x80 && (utf8[i + 2] == 0xA8 || utf8[i + 2] == 0xA9)
                guard byte < 0x20 || byte == 0x22 || byte == 0x5C || isLineSeparator else { i += 1; continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i]))
                switch byte {
                case 0x22: bytes.append(contentsOf: [0x5C, 0x22])
                case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
                case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
                case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
                case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
                case 0x08: bytes.append(contentsOf: [0x5C, UInt8(ascii: "b")])
                case 0x0C: bytes.append(contentsOf: [0x5C, UInt8(ascii: "f")])
                case 0xE2:
                    // U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR: legal in JSON, not in older JavaScript.
                    let last = utf8[i + 2] == 0xA8 ? UInt8(ascii: "8") : UInt8(ascii: "9")
                    bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), UInt8(ascii: "2"), UInt8(ascii: "0"), UInt8(ascii: "2"), last])
                    i += 2
                default:
                    bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, Self.hex[Int(byte >> 4)], Self.hex[Int(byte & 15)]])
                }
                i += 1
                runStart = i
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
