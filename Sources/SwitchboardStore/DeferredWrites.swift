import CSQLite

/// Work the writer's message appends leave for the end of their transaction (or for the next job that is not a
/// message append), so that a batch does it once instead of once per message:
/// - the messages' text, inserted into `messages_fts` together and sorted by rowid (`MessageTextRowid`: FTS5 keeps
///   one in-memory segment while rowids ascend, and starts a new one whenever a rowid goes down; interleaved with
///   the b-tree work of every message its hash table would also go cold);
/// - each interaction's counters (message count, last message time and id, automatic subject, first agent reply),
///   added up per interaction and written with one UPDATE per interaction instead of one per message.
///
/// Owned by the writer's connection; `apply` before COMMIT, `discard` after a ROLLBACK.
final class DeferredWrites {
    /// What a batch's messages add to one interaction.
    struct Counters {
        /// Messages appended.
        var messages = 0
        /// The latest message time among them.
        var lastAt: Int64 = .min
        /// The text of the first customer message among them (the automatic subject comes from it).
        var subjectSource: String?
        /// The time of the first agent message among them (the first reply, if none is recorded yet).
        var firstAgentAt: Int64?
        /// The newest message id (the interaction's `last_message_id`, which the next message links to).
        var lastMessageID: Int64 = 0

        mutating func add(id: Int64, sender: MessageSender, at: Int64, body: String) {
            messages += 1
            lastMessageID = id
            lastAt = max(lastAt, at)
            if sender == .customer, subjectSource == nil { subjectSource = DeferredWrites.subjectSource(body) }
            if sender == .agent, firstAgentAt == nil { firstAgentAt = at }
        }
    }

    /// Message texts not yet in the full-text index, with their full-text rowids, in the order they were written.
    private var text: [(rowid: Int64, body: String)] = []
    /// Counters not yet written, by interaction id. An interaction is a key only once its row was read in this
    /// transaction.
    private var counters: [Int64: Counters] = [:]

    /// What this run of message appends has learnt, forgotten at the next `apply` or `discard`: between them only
    /// message appends run, and they write every message and interaction row through `insertMessage` and
    /// `insertInteraction`, so the newest message id and the latest enqueue time, once read, are known without
    /// reading them again.
    private var newestMessageID: Int64?
    private var latestEnqueuedAt: Int64?

    /// Whether nothing waits (and nothing is remembered).
    var isEmpty: Bool { text.isEmpty && counters.isEmpty && newestMessageID == nil && latestEnqueuedAt == nil }

    /// The id the next message row gets (SQLite gives a new row the largest id plus one).
    func nextMessageID(_ c: SQLiteConnection) throws(StoreError) -> Int64 {
        if let newestMessageID { return newestMessageID + 1 }
        let newest = try c.scalar("SELECT max(id) FROM messages") ?? 0
        newestMessageID = newest
        return newest + 1
    }

    /// Records a message row written (with the id SQLite chose or with `nextMessageID`): the newest one.
    func messageWritten(id: Int64) {
        newestMessageID = id
    }

    /// The enqueue time a new interaction gets: `at`, or the latest one recorded when `at` is earlier (see
    /// `StoreDatabase.insertInteraction`); remembered as the latest.
    func enqueueTime(_ at: Int64, _ c: SQLiteConnection) throws(StoreError) -> Int64 {
        let latest: Int64
        if let latestEnqueuedAt {
            latest = latestEnqueuedAt
        } else {
            latest = try c.scalar("SELECT max(enqueued_at) FROM interactions") ?? at
        }
        let time = max(at, latest)
        latestEnqueuedAt = time
        return time
    }

    /// The id of the newest message appended to `interaction` in this transaction and not yet written to its row;
    /// nil when there is none (then its row holds the newest).
    func lastMessageID(of interaction: Int64) -> Int64? { counters[interaction]?.lastMessageID }

    /// Records a message appended to an existing interaction: its text to index and what it adds to the counters.
    func messageAppended(id: Int64, interaction: Int64, sender: MessageSender, at: Int64, body: String) {
        messageIndexed(id: id, interaction: interaction, body: body)
        counters[interaction, default: Counters()].add(id: id, sender: sender, at: at, body: body)
    }

    /// Records the text of a message whose interaction row already counts it (the first message of a new one).
    func messageIndexed(id: Int64, interaction: Int64, body: String) {
        text.append((MessageTextRowid.of(interaction: interaction, message: id), body))
    }

    /// The text the automatic subject is taken from (SQLite takes its first line, trimmed to 200 characters).
    static func subjectSource(_ body: String) -> String {
        // A body starting with a line break would give an empty first line: the first non-empty one is taken.
        body.utf8.first == UInt8(ascii: "\n") ? StoreDatabase.automaticSubject(body) : body
    }

    /// The automatic subject of `?N` in SQL, from `subjectSource`.
    static func subjectSQL(_ parameter: Int) -> String {
        "substr(substr(?\(parameter), 1, instr(?\(parameter) || char(10), char(10)) - 1), 1, 200)"
    }

    /// Writes everything waiting, inside the open transaction.
    func apply(_ c: SQLiteConnection) throws(StoreError) {
        forgetRun()
        try applyCounters(c)
        try applyText(c)
    }

    /// Forgets everything waiting (after a ROLLBACK).
    func discard() {
        text.removeAll(keepingCapacity: true)
        counters.removeAll(keepingCapacity: true)
        forgetRun()
    }

    /// Forgets the latest enqueue time (after an interaction row was deleted again): the next one reads it.
    func forgetEnqueueTime() {
        latestEnqueuedAt = nil
    }

    private func forgetRun() {
        newestMessageID = nil
        latestEnqueuedAt = nil
    }

    private func applyCounters(_ c: SQLiteConnection) throws(StoreError) {
        guard !counters.isEmpty else { return }
        defer { counters.removeAll(keepingCapacity: true) }
        // The same result as one update per message in order: counts add up, the latest time wins, the subject is
        // the first customer line while none is set, and the first reply is the first agent message once taken.
        // (Events that change `first_taken_at` are not message appends: the counters are applied before them.)
        try c.with(.addCounters, """
            UPDATE interactions SET message_count = message_count + ?2,
                last_message_at = max(coalesce(last_message_at, ?3), ?3),
                subject = coalesce(subject, \(Self.subjectSQL(4))),
                first_agent_reply_at = CASE WHEN first_agent_reply_at IS NULL AND first_taken_at IS NOT NULL THEN ?5
                                            ELSE first_agent_reply_at END,
                last_message_id = ?6
            WHERE id = ?1
            """) { s throws(StoreError) in
            // In id order: neighbouring rows share b-tree pages.
            for (interaction, counts) in counters.sorted(by: { $0.key < $1.key }) {
                s.bind(1, interaction)
                s.bind(2, counts.messages)
                s.bind(3, counts.lastAt)
                s.bind(4, counts.subjectSource)
                s.bind(5, counts.firstAgentAt)
                s.bind(6, counts.lastMessageID)
                try s.run()
                s.reset()
            }
        }
    }

    private func applyText(_ c: SQLiteConnection) throws(StoreError) {
        guard !text.isEmpty else { return }
        defer { text.removeAll(keepingCapacity: true) }
        text.sort { $0.rowid < $1.rowid }
        try c.with(.indexMessage, "INSERT INTO messages_fts(rowid, body) VALUES (?, ?)") { s throws(StoreError) in
            for (rowid, body) in text {
                s.bind(1, rowid)
                s.bind(2, body)
                try s.run()
                sqlite3_reset(s.handle)  // both parameters are bound again: no need to clear them
            }
        }
    }
}

@available(*, unavailable) extension DeferredWrites: Sendable {}
