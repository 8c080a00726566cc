import Foundation
import Logging
import SwitchboardServer
import SwitchboardSync

/// A logger whose lines are kept as JSON objects (through `JSONLogHandler`), to assert what a log line carries.
final class RecordedLogs: Sendable {
    private let lines = Locked<[[String: Any]]>([])

    /// The logger to give the code under test (every level).
    var logger: Logger {
        Logger(label: "test") { [lines] label in
            var handler = JSONLogHandler(label: label) { bytes in
                let object = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] ?? ["unparsed": String(decoding: bytes, as: UTF8.self)]
                lines.withLock { $0.append(object) }
            }
            handler.logLevel = .trace
            return handler
        }
    }

    /// The lines logged so far.
    var all: [[String: Any]] { lines.withLock { $0 } }
}
