import Foundation

/// Collects every problem of a request body, field by field, so one 422 answer names them all.
struct APIValidator {
    /// Field path → why it is not acceptable (the first problem found per field).
    private(set) var problems: [String: String] = [:]

    /// Records a problem for `field` unless one is already recorded.
    mutating func fail(_ field: String, _ message: String) {
        if problems[field] == nil { problems[field] = message }
    }

    /// A required text: present, not blank, at most `maxLength` characters, no control characters.
    /// - Returns: the text when acceptable.
    mutating func text(_ value: String?, _ field: String, maxLength: Int = 200, required: Bool = true) -> String? {
        guard let value else {
            if required { fail(field, "is required") }
            return nil
        }
        return check(value, field, maxLength: maxLength)
    }

    /// Checks a given text (not blank, bounded, no control characters).
    mutating func check(_ value: String, _ field: String, maxLength: Int, allowNewlines: Bool = false) -> String? {
        if value.allSatisfy(\.isWhitespace) {
            fail(field, "must not be empty")
            return nil
        }
        if value.count > maxLength {
            fail(field, "must be at most \(maxLength) characters")
            return nil
        }
        let forbidden = value.unicodeScalars.contains { scalar in
            scalar.properties.generalCategory == .control && !(allowNewlines && (scalar == "\n" || scalar == "\r" || scalar == "\t"))
        }
        if forbidden {
            fail(field, "must not contain control characters")
            return nil
        }
        return value
    }

    /// An integer within `range` (nil stays nil).
    mutating func integer(_ value: Int?, _ field: String, in range: ClosedRange<Int>) -> Int? {
        guard let value else { return nil }
        guard range.contains(value) else {
            fail(field, "must be between \(range.lowerBound) and \(range.upperBound)")
            return nil
        }
        return value
    }

    /// An `http` or `https` URL with a host.
    mutating func url(_ value: String?, _ field: String) -> String? {
        guard let text = text(value, field, maxLength: 2048) else { return nil }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty else {
            fail(field, "must be an http or https URL")
            return nil
        }
        return text
    }

    /// A phone number: an optional `+` and 3 to 20 digits.
    mutating func phoneNumber(_ value: String, _ field: String) -> String? {
        let digits = value.hasPrefix("+") ? value.dropFirst() : Substring(value)
        guard (3...20).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            fail(field, "must be a phone number: an optional + and 3 to 20 digits")
            return nil
        }
        return value
    }

    /// Throws the collected problems as a 422, if any.
    func finish() throws(APIError) {
        if !problems.isEmpty { throw .validation(problems) }
    }
}
