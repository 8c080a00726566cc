import Foundation
import Logging

/// One JSON object per line (`serve --log-format json`, written with the live protocol's `JSONWriter`), for a log collector: the time, level, logger label,
/// message, source location and every metadata field (`provider_id`, `interaction_id`, `request_id`, …) at the top
/// level, so they can be searched without parsing the message.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    private let label: String
    private let write: @Sendable ([UInt8]) -> Void

    /// A handler writing each line with one `write(2)` to standard error (lines of concurrent loggers never mix).
    public static func standardError(label: String) -> JSONLogHandler {
        JSONLogHandler(label: label) { line in
            line.withUnsafeBytes { bytes in
                var offset = 0
                while offset < bytes.count {
                    let written = Foundation.write(2, bytes.baseAddress! + offset, bytes.count - offset)
                    if written <= 0 {
                        if written < 0 && errno == EINTR { continue }
                        return
                    }
                    offset += written
                }
            }
        }
    }

    /// A handler giving each finished line (newline included) to `write`.
    public init(label: String, write: @escaping @Sendable ([UInt8]) -> Void) {
        self.label = label
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields = metadata
        if let extra = event.metadata { fields.merge(extra) { _, new in new } }
        var w = JSONWriter()
        w.beginObject()
        w.key("time"); w.string(Self.timestamp(Date()))
        w.key("level"); w.string(event.level.rawValue)
        w.key("label"); w.string(label)
        w.key("message"); w.string("\(event.message)")
        if let error = event.error { w.key("error"); w.string("\(error)") }
        w.key("source"); w.string(event.source)
        w.key("file"); w.string("\(event.file):\(event.line)")
        // Fields named like the fixed ones would make the object ambiguous: they keep a prefix.
        for key in fields.keys.sorted() {
            w.key(Self.fixed.contains(key) ? "field_\(key)" : key)
            Self.encode(fields[key]!, into: &w)
        }
        w.endObject()
        write(w.bytes + [UInt8(ascii: "\n")])
    }

    /// The names of the fields every line has.
    private static let fixed: Set<String> = ["time", "level", "label", "message", "error", "source", "file"]

    /// RFC 3339 in UTC with milliseconds.
    static func timestamp(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        var seconds = time_t(milliseconds / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let millis = milliseconds % 1000
        let fraction = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)).\(fraction)Z"
    }

    private static func encode(_ value: Logger.Metadata.Value, into w: inout JSONWriter) {
        switch value {
        case .string(let text): w.string(text)
        case .stringConvertible(let convertible): w.string(convertible.description)
        case .array(let values):
            w.beginArray()
            for element in values { encode(element, into: &w) }
            w.endArray()
        case .dictionary(let entries):
            w.beginObject()
            for key in entries.keys.sorted() {
                w.key(key)
                encode(entries[key]!, into: &w)
            }
            w.endObject()
        }
    }
}
