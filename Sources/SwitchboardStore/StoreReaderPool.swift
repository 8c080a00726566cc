import CSQLite

/// A few read-only connections, each on its own thread, sharing one queue of read requests. In WAL mode
/// readers never block the writer nor each other; each request runs in its own read transaction, so it sees
/// one consistent snapshot.
final class StoreReaderPool: Sendable {
    /// One read request.
    struct Job: Sendable {
        /// Runs on a reader thread inside a read transaction.
        let run: @Sendable (SQLiteConnection) -> Void
        /// Reports that no connection could take the request.
        let fail: @Sendable (StoreError) -> Void
    }

    private let queue = StoreJobQueue<Job>()
    private let threads: [StoreThread]

    /// Starts `configuration.readerCount` reader threads (the file must already exist, migrated).
    init(configuration: StoreConfiguration) {
        let queue = self.queue
        threads = (0..<configuration.readerCount).map { index in
            StoreThread(name: "sb-store-read\(index)") {
                StoreReaderPool.runLoop(queue: queue, configuration: configuration)
            }
        }
    }

    /// Queues a read request; fails it with `.closed` after `close()`.
    func submit(_ job: Job) {
        if !queue.push(job) { job.fail(.closed) }
    }

    /// Lets queued requests finish, then ends the threads.
    func close() {
        queue.close()
        for thread in threads { thread.join() }
    }

    private static func runLoop(queue: StoreJobQueue<Job>, configuration: StoreConfiguration) {
        let connection: SQLiteConnection
        do {
            connection = try SQLiteConnection(path: configuration.path, readOnly: true)
            try connection.execute("""
                PRAGMA cache_size = -\(configuration.cacheSizeKiB);
                PRAGMA mmap_size = \(configuration.mmapSize);
                PRAGMA temp_store = MEMORY;
                PRAGMA query_only = ON;
                """)
        } catch {
            while let jobs = queue.pop(max: 1, wait: true) { for job in jobs { job.fail(error) } }
            return
        }
        while let jobs = queue.pop(max: 1, wait: true) {
            for job in jobs {
                do {
                    try connection.run("BEGIN")
                } catch {
                    job.fail(error)
                    continue
                }
                job.run(connection)
                try? connection.run("COMMIT")
            }
        }
        connection.clearCache()
    }
}
