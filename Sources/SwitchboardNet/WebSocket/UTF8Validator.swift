/// Incremental UTF-8 validation (RFC 3629 §4, as RFC 6455 §8.1 requires for text messages) with a
/// byte-class DFA in the style of Björn Höhrmann's decoder. It fails at the first byte that no valid
/// continuation could follow (C0, F5, the second byte of an overlong or surrogate form, ...), so a
/// bad fragment fails the connection before the message ends.
public struct UTF8Validator: Sendable {
    /// DFA states: 0 is "between code points", 1 is the sink for invalid input.
    private static let accept: UInt8 = 0
    private static let reject: UInt8 = 1
    private static let classCount = 12

    /// Byte classes: 0 ASCII, 1 80-8F, 2 90-9F, 3 A0-BF, 4 never valid (C0, C1, F5-FF), 5 C2-DF,
    /// 6 E0, 7 E1-EC and EE-EF, 8 ED, 9 F0, 10 F1-F3, 11 F4.
    private static let classes: [UInt8] = (0...255).map { (byte: Int) -> UInt8 in
        switch byte {
        case 0x00...0x7F: return 0
        case 0x80...0x8F: return 1
        case 0x90...0x9F: return 2
        case 0xA0...0xBF: return 3
        case 0xC2...0xDF: return 5
        case 0xE0: return 6
        case 0xED: return 8
        case 0xE1...0xEF: return 7
        case 0xF0: return 9
        case 0xF1...0xF3: return 10
        case 0xF4: return 11
        default: return 4
        }
    }

    /// Transitions `[state * 12 + class]`. States: 2 needs one continuation byte, 3 two, 4 three;
    /// 5 after E0 (A0-BF: no overlong), 6 after ED (80-9F: no surrogate), 7 after F0 (90-BF: no
    /// overlong), 8 after F4 (80-8F: at most U+10FFFF).
    private static let transitions: [UInt8] = {
        var table = [UInt8](repeating: reject, count: 9 * classCount)
        func set(_ state: Int, _ byteClasses: [Int], _ next: Int) {
            for byteClass in byteClasses { table[state * classCount + byteClass] = UInt8(next) }
        }
        set(0, [0], 0)
        set(0, [5], 2)
        set(0, [6], 5)
        set(0, [7], 3)
        set(0, [8], 6)
        set(0, [9], 7)
        set(0, [10], 4)
        set(0, [11], 8)
        set(2, [1, 2, 3], 0)
        set(3, [1, 2, 3], 2)
        set(4, [1, 2, 3], 3)
        set(5, [3], 2)
        set(6, [1, 2], 2)
        set(7, [2, 3], 3)
        set(8, [1], 3)
        return table
    }()

    private var state: UInt8 = 0

    /// Creates a validator at a code point boundary.
    public init() {}

    /// Whether the bytes so far end between code points (check at the end of a message).
    public var isAtBoundary: Bool { state == Self.accept }

    /// Starts over for a new message.
    public mutating func reset() { state = Self.accept }

    /// Feeds the next bytes of the text.
    /// - Parameter bytes: the next bytes.
    /// - Returns: false as soon as the bytes so far cannot be the start of valid UTF-8 (and from then on).
    public mutating func validate(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var current = state
        if current == Self.reject { return false }
        guard let base = bytes.baseAddress else { return true }
        let count = bytes.count
        var offset = 0
        Self.classes.withUnsafeBufferPointer { classes in
            Self.transitions.withUnsafeBufferPointer { transitions in
                while offset < count {
                    if current == Self.accept {
                        // ASCII fast path: skip 8 bytes at a time while no high bit is set.
                        while offset + 8 <= count,
                            base.loadUnaligned(fromByteOffset: offset, as: UInt64.self) & 0x8080_8080_8080_8080 == 0
                        {
                            offset += 8
                        }
                        if offset == count { break }
                    }
                    let byte = base.load(fromByteOffset: offset, as: UInt8.self)
                    current = transitions[Int(current) &* Self.classCount &+ Int(classes[Int(byte)])]
                    if current == Self.reject { break }
                    offset += 1
                }
            }
        }
        state = current
        return current != Self.reject
    }

    /// Feeds the next bytes of the text from an array (see `validate(_:)`).
    /// - Returns: false as soon as the bytes so far cannot be the start of valid UTF-8.
    public mutating func validate(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { validate($0) }
    }
}
