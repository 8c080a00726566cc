/// Byte classes and small byte helpers shared by the HTTP parser and encoder (RFC 9110 §5.6).
enum HTTPBytes {
    // Computed, not stored: a stored static goes through a lazy-initialisation accessor on every use.
    /// Carriage return.
    static var cr: UInt8 { 0x0D }
    /// Line feed.
    static var lf: UInt8 { 0x0A }
    /// Space.
    static var space: UInt8 { 0x20 }
    /// Horizontal tab.
    static var tab: UInt8 { 0x09 }
    /// Colon, ending a field name.
    static var colon: UInt8 { 0x3A }

    /// Bits 0–63 and 64–127 of the tchar set (RFC 9110 §5.6.2), so a class test is two shifts.
    private static var tcharLow: UInt64 { 0x03FF_6CFA_0000_0000 }
    private static var tcharHigh: UInt64 { 0x57FF_FFFF_C7FF_FFFE }

    /// Whether `byte` may appear in a token (method, field name, coding).
    @inline(__always)
    static func isTokenChar(_ byte: UInt8) -> Bool {
        if byte < 64 { return (tcharLow >> UInt64(byte)) & 1 == 1 }
        if byte < 128 { return (tcharHigh >> UInt64(byte - 64)) & 1 == 1 }
        return false
    }

    /// Whether `byte` may appear in a field value: HTAB, SP, VCHAR and obs-text (RFC 9110 §5.5).
    @inline(__always)
    static func isFieldValueChar(_ byte: UInt8) -> Bool {
        byte == tab || (byte >= 0x20 && byte != 0x7F)
    }

    /// Whether `byte` is optional whitespace (SP or HTAB).
    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool { byte == space || byte == tab }

    /// The value of an ASCII hex digit, or nil.
    @inline(__always)
    static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case 0x30...0x39: Int(byte &- 0x30)
        case 0x41...0x46: Int(byte &- 0x41 &+ 10)
        case 0x61...0x66: Int(byte &- 0x61 &+ 10)
        default: nil
        }
    }

    /// The byte in ASCII lower case.
    @inline(__always)
    static func lower(_ byte: UInt8) -> UInt8 { (byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte }

    /// Whether `bytes` equal a lower-case ASCII literal, ignoring the case of `bytes`.
    @inline(__always)
    static func equalsLowercased(_ bytes: UnsafeRawBufferPointer, _ literal: StaticString) -> Bool {
        guard bytes.count == literal.utf8CodeUnitCount else { return false }
        let expected = literal.utf8Start
        for index in 0..<bytes.count where lower(bytes[index]) != expected[index] { return false }
        return true
    }

    /// Whether `bytes` equal an ASCII literal exactly.
    @inline(__always)
    static func equals(_ bytes: UnsafeRawBufferPointer, _ literal: StaticString) -> Bool {
        guard bytes.count == literal.utf8CodeUnitCount else { return false }
        let expected = literal.utf8Start
        for index in 0..<bytes.count where bytes[index] != expected[index] { return false }
        return true
    }

    /// Whether two strings are equal ignoring ASCII case (field names, tokens).
    static func asciiCaseInsensitiveEquals(_ lhs: String.UTF8View, _ rhs: String.UTF8View) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for (left, right) in zip(lhs, rhs) where lower(left) != lower(right) { return false }
        return true
    }

    /// Whether a list element equals a string ignoring ASCII case.
    static func asciiCaseInsensitiveEquals(_ lhs: Substring.UTF8View, _ rhs: String.UTF8View) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for (left, right) in zip(lhs, rhs) where lower(left) != lower(right) { return false }
        return true
    }

    /// Appends the decimal digits of a non-negative integer.
    static func appendDecimal(_ value: Int, to buffer: inout [UInt8]) {
        precondition(value >= 0, "only non-negative numbers")
        if value < 10 {
            buffer.append(UInt8(truncatingIfNeeded: value) &+ 0x30)
            return
        }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
            UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { raw in
            while rest > 0 {
                raw[count] = UInt8(truncatingIfNeeded: rest % 10) &+ 0x30
                rest /= 10
                count += 1
            }
            for index in stride(from: count - 1, through: 0, by: -1) { buffer.append(raw[index]) }
        }
    }
}
