import SwitchboardSync

/// A publication topic ("wallboard", "campaign:7", ...) interned to a number once, so the fan-out
/// path compares integers, never strings.
public struct TopicID: Hashable, Sendable {
    let rawValue: UInt32
}

/// Interns topic names. Called when a client subscribes or a publisher names a topic the first time;
/// never per delivered message.
public final class TopicRegistry: Sendable {
    private let names: Locked<[String: UInt32]> = Locked([:])

    public init() {}

    /// The id of `name`, made on first use.
    public func id(for name: String) -> TopicID {
        names.withLock { table in
            if let existing = table[name] { return TopicID(rawValue: existing) }
            let id = UInt32(table.count)
            table[name] = id
            return TopicID(rawValue: id)
        }
    }
}
