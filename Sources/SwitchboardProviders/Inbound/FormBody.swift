/// An `application/x-www-form-urlencoded` body: its fields in order, `+` as a space and `%XX` decoded as UTF-8.
public struct FormBody: Sendable {
    /// Every field, in the body's order (a name may repeat).
    public var fields: [(name: String, value: String)] = []

    /// Reads a body.
    /// - Throws: `InboundPayloadError` for a malformed escape or bytes that are not UTF-8.
    public init(_ body: [UInt8]) throws(InboundPayloadError) {
        guard !body.isEmpty else { return }
        for pair in body.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let name = try Self.decode(parts[0]), value = parts.count > 1 ? try Self.decode(parts[1]) : ""
            fields.append((name, value))
        }
    }

    /// The first value of `name`.
    public subscript(name: String) -> String? { fields.first { $0.name == name }?.value }

    private static func decode(_ bytes: ArraySlice<UInt8>) throws(InboundPayloadError) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let byte = bytes[i]
            if byte == UInt8(ascii: "+") {
                out.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%") {
                guard bytes.endIndex - i > 2, let high = hex(bytes[i + 1]), let low = hex(bytes[i + 2]) else {
                    throw InboundPayloadError("malformed percent escape in the form body")
                }
                out.append(high << 4 | low)
                i += 2
            } else {
                out.append(byte)
            }
            i += 1
        }
        guard let text = String(validating: out, as: UTF8.self) else { throw InboundPayloadError("the form body is not UTF-8") }
        return text
    }

    private static func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
