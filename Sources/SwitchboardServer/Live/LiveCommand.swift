import Foundation
import SwitchboardDomain

/// One client → server command of Public/protocol.md: `{"cmd":…,"id":…, …arguments}`, parsed with
/// JSONSerialization (commands are small and rare next to the broadcasts) and read through typed accessors.
struct LiveCommand {
    /// Why a command could not be read.
    enum Problem: Error, Equatable {
        /// Not a JSON object, no `cmd`, or an argument missing or of the wrong type (`bad_request`).
        case badRequest(String)
    }

    /// The command name.
    let name: String
    /// The client's id for the answer (numbers are accepted and answered as strings).
    let id: String?
    private let fields: [String: Any]

    /// Parses a command; the id is recovered even when the rest is bad, so the error can name it.
    /// - Parameter bytes: the UTF-8 JSON text of one WebSocket message.
    /// - Throws: `.badRequest` when the text is not a JSON object (a missing `cmd` gives an empty name).
    init(_ bytes: [UInt8]) throws(Problem) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
            throw .badRequest("not a JSON object")
        }
        fields = object
        id = Self.idValue(object["id"])
        guard let name = object["cmd"] as? String else {
            name = ""
            return
        }
        self.name = name
    }

    private static func idValue(_ value: Any?) -> String? {
        switch value {
        case let text as String: text
        case let number as NSNumber: number.stringValue
        default: nil
        }
    }

    /// A positive 64-bit id argument.
    func id64(_ key: String) throws(Problem) -> Int64 {
        guard let number = fields[key] as? NSNumber else { throw .badRequest("\(key) must be an id") }
        let value = number.int64Value
        guard value > 0, Double(value) == number.doubleValue else { throw .badRequest("\(key) must be a positive integer") }
        return value
    }

    /// A string argument.
    func string(_ key: String) throws(Problem) -> String {
        guard let text = fields[key] as? String else { throw .badRequest("\(key) must be a string") }
        return text
    }

    /// A string argument that may be null or absent.
    func optionalString(_ key: String) throws(Problem) -> String? {
        switch fields[key] {
        case nil, is NSNull: return nil
        case let text as String: return text
        default: throw .badRequest("\(key) must be a string or null")
        }
    }

    /// A non-negative integer argument that may be absent.
    func optionalUInt64(_ key: String) throws(Problem) -> UInt64? {
        switch fields[key] {
        case nil, is NSNull: return nil
        case let number as NSNumber where number.int64Value >= 0:
            return UInt64(number.int64Value)
        default: throw .badRequest("\(key) must be a non-negative integer")
        }
    }

    /// An optional positive id argument (null or absent: nil).
    func optionalID64(_ key: String) throws(Problem) -> Int64? {
        switch fields[key] {
        case nil, is NSNull: return nil
        default: return try id64(key)
        }
    }

    /// An integer argument (absent: `default`).
    func int(_ key: String, default value: Int) throws(Problem) -> Int {
        switch fields[key] {
        case nil: return value
        case let number as NSNumber: return number.intValue
        default: throw .badRequest("\(key) must be an integer")
        }
    }

    /// An array of strings that may be absent (absent: empty).
    func strings(_ key: String) throws(Problem) -> [String] {
        switch fields[key] {
        case nil, is NSNull: return []
        case let list as [Any]:
            var values: [String] = []
            for item in list {
                guard let text = item as? String else { throw .badRequest("\(key) must be an array of strings") }
                values.append(text)
            }
            return values
        default: throw .badRequest("\(key) must be an array of strings")
        }
    }

    /// Whether the argument is present (even null).
    func has(_ key: String) -> Bool { fields[key] != nil }
}
