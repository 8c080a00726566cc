/// The rowid of a message's text in the full-text index (schema 7): its interaction's id in the high 32 bits and the
/// low 32 bits of its message id below. A hit names its interaction (`rowid >> 32`) without reading the message,
/// an interaction's hits are one rowid range, and rowid order is interaction order, hence date order (enqueue times
/// never go back in id order). Interaction ids stay below 2^31; two messages of one interaction would share a rowid
/// only if their ids were 2^32 apart. `StoreMigrations.version7` and its delete trigger compute the same in SQL.
enum MessageTextRowid {
    /// The rowid of message `message` of interaction `interaction`.
    static func of(interaction: Int64, message: Int64) -> Int64 { interaction << 32 | (message & 0xFFFF_FFFF) }

    /// The smallest rowid an interaction's messages can have.
    static func lowest(_ interaction: Int64) -> Int64 { interaction << 32 }

    /// The largest rowid an interaction's messages can have.
    static func highest(_ interaction: Int64) -> Int64 { interaction << 32 | 0xFFFF_FFFF }

    /// The interaction of a rowid.
    static func interaction(_ rowid: Int64) -> Int64 { rowid >> 32 }
}
