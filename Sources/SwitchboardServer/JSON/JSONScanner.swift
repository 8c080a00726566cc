import Glibc

/// A validating JSON scanner (RFC 8259) that reads a top-level object's members as byte ranges of
/// the input, without building values: commands are routed by a field or two, and values such as a
/// payload are forwarded verbatim. Allocates nothing.
public struct JSONScanner {
    /// Nesting deeper than this is refused (a hostile `[[[[...` must not exhaust the stack).
    public static let maxDepth = 64

    private let bytes: UnsafeRawBufferPointer
    private var position = 0

    private init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// Validates `bytes` as one JSON object and calls `member` with each key's raw range (inside the
    /// quotes, escapes untouched) and its value's range. Returns false (having maybe called `member`
    /// for some members) when the text is not a single valid JSON object.
    public static func scanObject(
        _ bytes: UnsafeRawBufferPointer, member: (_ key: Range<Int>, _ value: Range<Int>) -> Void
    ) -> Bool {
        var scanner = JSONScanner(bytes)
        scanner.skipWhitespace()
        guard scanner.peek() == UInt8(ascii: "{") else { return false }
        guard scanner.object(depth: 1, member: member) else { return false }
        scanner.skipWhitespace()
        return scanner.position == bytes.count
    }

    /// Whether `bytes` is exactly one valid JSON value.
    public static func isValid(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var scanner = JSONScanner(bytes)
        scanner.skipWhitespace()
        guard scanner.value(depth: 1) else { return false }
        scanner.skipWhitespace()
        return scanner.position == bytes.count
    }

    /// Whether the raw key range equals `name` (keys with escapes never match a plain name).
    public static func key(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, equals name: StaticString) -> Bool {
        guard range.count == name.utf8CodeUnitCount else { return false }
        let expected = UnsafeRawBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
        return memcmp(bytes.baseAddress! + range.lowerBound, expected.baseAddress!, range.count) == 0
    }

    private func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    private mutating func value(depth: Int) -> Bool {
        guard depth <= Self.maxDepth, let first = peek() else { return false }
        switch first {
        case UInt8(ascii: "{"): return object(depth: depth) { _, _ in }
        case UInt8(ascii: "["): return array(depth: depth)
        case UInt8(ascii: "\""): return string() != nil
        case UInt8(ascii: "t"): return literal("true")
        case UInt8(ascii: "f"): return literal("false")
        case UInt8(ascii: "n"): return literal("null")
        default: return number()
        }
    }

    private mutating func object(depth: Int, member: (Range<Int>, Range<Int>) -> Void) -> Bool {
        guard depth <= Self.maxDepth else { return false }
        position += 1
        skipWhitespace()
        if peek() == UInt8(ascii: "}") { position += 1; return true }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\""), let key = string() else { return false }
            skipWhitespace()
            guard peek() == UInt8(ascii: ":") else { return false }
            position += 1
            skipWhitespace()
            let start = position
            guard value(depth: depth + 1) else { return false }
            member(key, start..<position)
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "}"): position += 1; return true
            default: return false
            }
        }
    }

    private mutating func array(depth: Int) -> Bool {
        position += 1
        skipWhitespace()
        if peek() == UInt8(ascii: "]") { position += 1; return true }
        while true {
            skipWhitespace()
            guard value(depth: depth + 1) else { return false }
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "]"): position += 1; return true
            default: return false
            }
        }
    }

    /// A string; returns the range inside the quotes. Control characters must be escaped; escapes must
    /// be valid. (UTF-8 validity is the WebSocket layer's: text frames arrive validated.)
    private mutating func string() -> Range<Int>? {
        position += 1
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                return start..<(position - 1)
            case UInt8(ascii: "\\"):
                position += 1
                guard let escaped = peek() else { return nil }
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                     UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    position += 1
                case UInt8(ascii: "u"):
                    guard position + 4 < bytes.count else { return nil }
                    for i in 1...4 where !Self.isHex(bytes[position + i]) { return nil }
                    position += 5
                default:
                    return nil
                }
            case 0x00..<0x20:
                return nil
            default:
                position += 1
            }
        }
        return nil
    }

    private static func isHex(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count,
              memcmp(bytes.baseAddress! + position, word.utf8Start, count) == 0 else { return false }
        position += count
        return true
    }

    /// RFC 8259 §6: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
    private mutating func number() -> Bool {
        if peek() == UInt8(ascii: "-") { position += 1 }
        guard let first = peek(), (0x30...0x39).contains(first) else { return false }
        position += 1
        if first != UInt8(ascii: "0") { skipDigits() }
        if peek() == UInt8(ascii: ".") {
            position += 1
            guard skipDigits() > 0 else { return false }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            position += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { position += 1 }
            guard skipDigits() > 0 else { return false }
        }
        return true
    }

    @discardableResult
    private mutating func skipDigits() -> Int {
        let start = position
        while let byte = peek(), (0x30...0x39).contains(byte) { position += 1 }
        return position - start
    }
}
