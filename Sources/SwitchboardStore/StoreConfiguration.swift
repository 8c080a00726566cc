/// How a `StoreDatabase` opens its file and batches its writes.
public struct StoreConfiguration: Sendable, Equatable {
    /// When a commit reaches the disk.
    public enum Durability: String, Sendable, Equatable {
        /// WAL with synchronous=NORMAL: a commit survives a crash of the process; a power loss may lose the
        /// last commits (never corrupts). The default.
        case normal
        /// WAL with synchronous=FULL: every commit is fsynced before it is acknowledged.
        case full
    }

    /// Told the duration of every commit and how many write requests it carried, on the writer thread (for
    /// `/metrics`; keep it cheap).
    public var commitObserver: CommitObserver?
    /// Path of the database file (created when missing).
    public var path: String
    /// Commit durability.
    public var durability: Durability
    /// Number of read-only connections (each on its own thread).
    public var readerCount: Int
    /// Most write requests in one transaction.
    public var maxBatchSize: Int
    /// Longest time a transaction stays open collecting requests before it commits, in milliseconds.
    public var maxBatchDelayMilliseconds: Int64
    /// Page cache per connection, in KiB.
    public var cacheSizeKiB: Int
    /// Memory-mapped I/O size for the readers, in bytes (0 turns it off).
    public var mmapSize: Int64
    /// WAL size, in pages, at which the checkpointer's thread copies the WAL back into the database file (see
    /// `StoreCheckpointer`; commits never wait for it). Under load every batch rewrites the same hot pages (each
    /// active interaction's index leaf, the tables' right edges): a checkpoint every few dozen MB copies each of
    /// them once instead of once per batch. Under
    /// `.normal` durability the WAL is synced at each checkpoint, so a power loss may lose up to this much WAL
    /// of the latest commits (a crash of the process loses nothing).
    public var checkpointPages: Int

    /// A configuration with the defaults: normal durability, 2 readers, batches of up to 4096 requests or 20 ms,
    /// a checkpoint every 10,000 WAL pages (40 MB).
    /// - Parameters:
    ///   - path: path of the database file.
    ///   - durability: commit durability.
    ///   - readerCount: number of reader connections.
    ///   - maxBatchSize: most write requests per transaction.
    ///   - maxBatchDelayMilliseconds: longest a transaction collects requests.
    ///   - cacheSizeKiB: page cache per connection.
    ///   - mmapSize: memory-mapped size for readers.
    ///   - checkpointPages: WAL pages between checkpoints.
    public init(
        path: String, durability: Durability = .normal, readerCount: Int = 2, maxBatchSize: Int = 4096,
        maxBatchDelayMilliseconds: Int64 = 20, cacheSizeKiB: Int = 65536, mmapSize: Int64 = 1 << 30, checkpointPages: Int = 10_000
    ) {
        self.path = path
        self.durability = durability
        self.readerCount = max(1, readerCount)
        self.maxBatchSize = max(1, maxBatchSize)
        self.maxBatchDelayMilliseconds = max(0, maxBatchDelayMilliseconds)
        self.cacheSizeKiB = cacheSizeKiB
        self.mmapSize = mmapSize
        self.checkpointPages = max(1, checkpointPages)
    }
}

/// A function told each commit's duration and batch size (equal to any other: it is not part of what a configuration
/// means).
public struct CommitObserver: Sendable, Equatable {
    /// Called on the writer thread with the commit's duration in nanoseconds (the deferred writes and the COMMIT) and the
    /// number of write requests it committed (one per recorded message, status, ...; 1 for a request run alone).
    public let body: @Sendable (_ nanoseconds: UInt64, _ requests: Int) -> Void

    /// An observer.
    public init(_ body: @escaping @Sendable (_ nanoseconds: UInt64, _ requests: Int) -> Void) { self.body = body }

    public static func == (lhs: CommitObserver, rhs: CommitObserver) -> Bool { true }
}
