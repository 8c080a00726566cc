/// Parses a `Sec-WebSocket-Extensions` header value into extensions and their parameters (RFC 6455 §9.1).
///
/// Grammar: `extension-list = 1#extension`, `extension = extension-token *( ";" extension-param )`,
/// `extension-param = token [ "=" (token | quoted-string) ]`, with optional whitespace around separators and empty list
/// elements allowed (RFC 9110 §5.6.1). A quoted-string value is unescaped; whether the result is a token, as RFC 6455 §9.1
/// requires, is left to the value checks of the extension (a bad value declines one offer rather than the header).
enum WebSocketExtensionListParser {
    /// One extension of the list, as offered.
    struct Extension: Equatable {
        /// The extension token, as sent.
        var name: String
        /// The parameters in order; `value` is nil for a parameter without `=`.
        var parameters: [Parameter]
    }

    /// One `name[=value]` parameter of an extension.
    struct Parameter: Equatable {
        /// The parameter token, as sent.
        var name: String
        /// The value, unescaped if it was a quoted-string; nil when the parameter has no value.
        var value: String?
    }

    /// Parses one header value.
    /// - Parameter headerValue: the field value of one `Sec-WebSocket-Extensions` header.
    /// - Returns: the well-formed extensions in order. An element with a syntax error is dropped and parsing resumes after
    ///   the next comma outside a quoted-string (an unterminated quoted-string swallows the rest of the value).
    static func parse(_ headerValue: String) -> [Extension] {
        var result: [Extension] = []
        let bytes = Array(headerValue.utf8)
        var index = 0
        while true {
            skipWhitespace(bytes, &index)
            if index == bytes.count { return result }
            if bytes[index] == UInt8(ascii: ",") {  // empty list element
                index += 1
                continue
            }
            if let element = parseExtension(bytes, &index) {
                skipWhitespace(bytes, &index)
                if index == bytes.count || bytes[index] == UInt8(ascii: ",") {
                    result.append(element)
                    continue
                }
            }
            skipPastElement(bytes, &index)
        }
    }

    /// Moves past the next comma that is not inside a quoted-string, or to the end.
    private static func skipPastElement(_ bytes: [UInt8], _ index: inout Int) {
        var quoted = false
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if quoted {
                if byte == UInt8(ascii: "\\") {
                    index += 1
                } else if byte == UInt8(ascii: "\"") {
                    quoted = false
                }
            } else if byte == UInt8(ascii: "\"") {
                quoted = true
            } else if byte == UInt8(ascii: ",") {
                return
            }
        }
        index = bytes.count
    }

    private static func parseExtension(_ bytes: [UInt8], _ index: inout Int) -> Extension? {
        guard let name = parseToken(bytes, &index) else { return nil }
        var element = Extension(name: name, parameters: [])
        while true {
            skipWhitespace(bytes, &index)
            guard index < bytes.count, bytes[index] == UInt8(ascii: ";") else { return element }
            index += 1
            skipWhitespace(bytes, &index)
            guard let parameterName = parseToken(bytes, &index) else { return nil }
            skipWhitespace(bytes, &index)
            var value: String?
            if index < bytes.count, bytes[index] == UInt8(ascii: "=") {
                index += 1
                skipWhitespace(bytes, &index)
                guard index < bytes.count else { return nil }
                if bytes[index] == UInt8(ascii: "\"") {
                    guard let unquoted = parseQuotedString(bytes, &index) else { return nil }
                    value = String(decoding: unquoted, as: UTF8.self)
                } else {
                    guard let token = parseToken(bytes, &index) else { return nil }
                    value = token
                }
            }
            element.parameters.append(Parameter(name: parameterName, value: value))
        }
    }

    private static func parseToken(_ bytes: [UInt8], _ index: inout Int) -> String? {
        let start = index
        while index < bytes.count, isTokenCharacter(bytes[index]) { index += 1 }
        return index > start ? String(decoding: bytes[start..<index], as: UTF8.self) : nil
    }

    /// `quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE`; returns the unescaped content.
    private static func parseQuotedString(_ bytes: [UInt8], _ index: inout Int) -> [UInt8]? {
        index += 1  // opening quote
        var content: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return content
            case UInt8(ascii: "\\"):
                guard index + 1 < bytes.count else { return nil }
                content.append(bytes[index + 1])
                index += 2
            case 0x00..<0x20 where byte != 0x09, 0x7F:
                return nil
            default:
                content.append(byte)
                index += 1
            }
        }
        return nil  // unterminated
    }

    private static func skipWhitespace(_ bytes: [UInt8], _ index: inout Int) {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
    }

    /// `tchar` of RFC 9110 §5.6.2.
    private static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"), UInt8(ascii: "'"),
            UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "^"), UInt8(ascii: "_"),
            UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }
}
