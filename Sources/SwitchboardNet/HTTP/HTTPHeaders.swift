/// Header fields in arrival order; names compare case-insensitively (RFC 9110 §5.1).
public struct HTTPHeaders: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    /// The fields as (name, value) pairs, in order, names as received.
    public private(set) var fields: [(name: String, value: String)]

    /// Empty headers.
    public init() { fields = [] }

    /// Headers with the given fields, in order.
    public init(_ fields: [(String, String)]) { self.fields = fields.map { (name: $0.0, value: $0.1) } }

    /// Headers from a literal, e.g. `["Content-Type": "text/plain"]`.
    public init(dictionaryLiteral elements: (String, String)...) { self.init(elements) }

    /// Empty headers with room for `capacity` fields.
    init(capacity: Int) {
        fields = []
        fields.reserveCapacity(capacity)
    }

    /// How many fields there are.
    public var count: Int { fields.count }

    /// Whether there are no fields.
    public var isEmpty: Bool { fields.isEmpty }

    /// Iterates the fields in order.
    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> { fields.makeIterator() }

    /// The value of the first field named `name` (any case), if any.
    public func first(_ name: String) -> String? {
        for field in fields where Self.namesEqual(field.name, name) { return field.value }
        return nil
    }

    /// The values of every field named `name` (any case), in order.
    public func values(_ name: String) -> [String] {
        fields.compactMap { Self.namesEqual($0.name, name) ? $0.value : nil }
    }

    /// Whether any field named `name` exists.
    public func contains(_ name: String) -> Bool { fields.contains { Self.namesEqual($0.name, name) } }

    /// Whether a comma-separated list field (RFC 9110 §5.6.1) holds `token`, compared case-insensitively.
    /// - Parameters:
    ///   - name: the field name, e.g. `Connection`.
    ///   - token: the element to look for, e.g. `upgrade`.
    /// - Returns: true if any field named `name` lists the token.
    public func containsToken(_ name: String, _ token: String) -> Bool {
        for field in fields where Self.namesEqual(field.name, name) {
            var found = false
            Self.forEachListElement(field.value) { element in
                if HTTPBytes.asciiCaseInsensitiveEquals(element, token.utf8) { found = true }
            }
            if found { return true }
        }
        return false
    }

    /// Appends a field (names may repeat).
    public mutating func add(_ name: String, _ value: String) { fields.append((name: name, value: value)) }

    /// Replaces the first field named `name` and removes any others, or appends it when absent.
    public mutating func replaceOrAdd(_ name: String, _ value: String) {
        guard let index = fields.firstIndex(where: { Self.namesEqual($0.name, name) }) else {
            add(name, value)
            return
        }
        fields[index].value = value
        var next = index + 1
        while next < fields.count {
            if Self.namesEqual(fields[next].name, name) { fields.remove(at: next) } else { next += 1 }
        }
    }

    /// Removes every field named `name`.
    public mutating func remove(_ name: String) { fields.removeAll { Self.namesEqual($0.name, name) } }

    /// Equal when the same fields appear in the same order with the same spelling.
    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.fields.count == rhs.fields.count && zip(lhs.fields, rhs.fields).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }

    /// The fields one a line, `Name: value`.
    public var description: String { fields.map { "\($0.name): \($0.value)" }.joined(separator: "\n") }

    /// Compares two field names ignoring ASCII case.
    static func namesEqual(_ lhs: String, _ rhs: String) -> Bool {
        HTTPBytes.asciiCaseInsensitiveEquals(lhs.utf8, rhs.utf8)
    }

    /// Calls `body` with each non-empty element of a comma-separated list, optional whitespace trimmed.
    static func forEachListElement(_ value: String, _ body: (Substring.UTF8View) -> Void) {
        for piece in value.split(separator: ",", omittingEmptySubsequences: true) {
            let utf8 = piece.utf8
            guard let start = utf8.firstIndex(where: { !HTTPBytes.isWhitespace($0) }),
                let last = utf8.lastIndex(where: { !HTTPBytes.isWhitespace($0) })
            else { continue }
            body(utf8[start...last])
        }
    }
}
