import CSQLite
import Synchronization

/// The single writer: a dedicated thread owning the only read-write connection, draining a queue of write
/// requests into one transaction per batch (group commit). A batch commits when the queue is empty, after
/// `maxBatchSize` requests or after `maxBatchDelayMilliseconds`; only then are the requests' completions
/// called, so a caller is told "done" only for work that is committed.
final class StoreWriter: Sendable {
    /// One write request.
    struct Job: Sendable {
        /// Does the work inside the open transaction and returns what to call once it is committed. If it
        /// throws, the batch is rolled back and its requests are run again one by one, so one bad request
        /// fails alone; `run` must therefore only touch the database until it returns.
        let run: @Sendable (SQLiteConnection) throws(StoreError) -> (@Sendable () -> Void)
        /// Reports a failure (the request's own, the commit's, or a closed store).
        let fail: @Sendable (StoreError) -> Void
        /// Whether `run` only records messages (`insertMessage`): it reads no interaction counters nor full-text
        /// rows, so the work the batch's earlier messages deferred (`DeferredWrites`) need not be written before it.
        /// Every other job finds that work written, as if each message had been recorded on its own.
        var appendsMessages = false
    }

    private let queue = StoreJobQueue<Job>()
    private let thread: StoreThread
    /// Committed transactions and the requests they held: requests ÷ commits is the group-commit factor.
    let statistics = Statistics()

    /// Counters of the writer, read by tests and the benchmark.
    final class Statistics: Sendable {
        /// Transactions committed.
        let commits = Atomic<Int>(0)
        /// Requests committed.
        let requests = Atomic<Int>(0)
        /// Checkpoints run by the `StoreCheckpointer` (complete or not).
        let checkpoints = Atomic<Int>(0)
    }

    /// Starts the writer thread, which opens the connection and applies `setup` (pragmas, migrations) before
    /// any job; if either fails, every job fails with that error.
    init(configuration: StoreConfiguration, setup: @escaping @Sendable (SQLiteConnection) throws(StoreError) -> Void) {
        let queue = self.queue, statistics = self.statistics
        thread = StoreThread(name: "sb-store-writer") {
            StoreWriter.runLoop(queue: queue, configuration: configuration, statistics: statistics, setup: setup)
        }
    }

    /// Queues a request; fails it at once with `.closed` after `close()`.
    func submit(_ job: Job) {
        if !queue.push(job) { job.fail(.closed) }
    }

    /// Stops accepting requests, commits what is queued, and waits for the thread to end.
    func close() {
        queue.close()
        thread.join()
    }

    // MARK: - The writer thread

    private static func runLoop(
        queue: StoreJobQueue<Job>, configuration: StoreConfiguration, statistics: Statistics,
        setup: @Sendable (SQLiteConnection) throws(StoreError) -> Void
    ) {
        let connection: SQLiteConnection
        do {
            connection = try SQLiteConnection(path: configuration.path, readOnly: false)
            try setup(connection)
        } catch {
            while let jobs = queue.pop(max: Int.max, wait: true) { for job in jobs { job.fail(error) } }
            return
        }
        let checkpointer = StoreCheckpointer(configuration: configuration, statistics: statistics)
        checkpointer.observe(connection)
        var executed: [Job] = []
        var completions: [@Sendable () -> Void] = []
        var batchStart: Int64 = 0
        executed.reserveCapacity(configuration.maxBatchSize)
        completions.reserveCapacity(configuration.maxBatchSize)

        func commit() {
            do {
                let started = ContinuousClock.now
                try connection.deferred.apply(connection)
                try connection.run("COMMIT")
                configuration.commitObserver?.observe(since: started, requests: completions.count)
                statistics.commits.add(1, ordering: .relaxed)
                statistics.requests.add(completions.count, ordering: .relaxed)
                for completion in completions { completion() }
            } catch {
                try? connection.execute("ROLLBACK")
                connection.deferred.discard()
                for job in executed { job.fail(error) }
            }
            executed.removeAll(keepingCapacity: true)
            completions.removeAll(keepingCapacity: true)
        }

        while true {
            let room = configuration.maxBatchSize - executed.count
            guard let jobs = queue.pop(max: room, wait: executed.isEmpty) else { break }
            if jobs.isEmpty {
                commit()  // the queue ran dry: nobody gains from waiting longer
                continue
            }
            if executed.isEmpty {
                do {
                    try connection.run("BEGIN IMMEDIATE")
                } catch {
                    for job in jobs { job.fail(error) }
                    continue
                }
                batchStart = StoreThread.monotonicMilliseconds()
            }
            var failedAt: Int?
            for (index, job) in jobs.enumerated() {
                do {
                    if !job.appendsMessages, !connection.deferred.isEmpty { try connection.deferred.apply(connection) }
                    completions.append(try job.run(connection))
                    executed.append(job)
                } catch {
                    failedAt = index
                    break
                }
            }
            if let failedAt {
                // Undo the whole batch, then give every request of it its own transaction.
                try? connection.execute("ROLLBACK")
                connection.deferred.discard()
                let again = executed + jobs[failedAt...]
                executed.removeAll(keepingCapacity: true)
                completions.removeAll(keepingCapacity: true)
                for job in again { runAlone(job, connection, configuration, statistics) }
                continue
            }
            if executed.count >= configuration.maxBatchSize
                || StoreThread.monotonicMilliseconds() - batchStart >= configuration.maxBatchDelayMilliseconds {
                commit()
            }
        }
        if !executed.isEmpty { commit() }
        checkpointer.close(connection)
        connection.clearCache()
        // Refresh the planner's statistics where they drifted (cheap; SQLite's advice for long-lived connections).
        try? connection.execute("PRAGMA optimize")
        // Leave a small WAL behind: checkpoint and truncate (best effort; readers may still hold snapshots).
        try? connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    }

    private static func runAlone(_ job: Job, _ connection: SQLiteConnection, _ configuration: StoreConfiguration, _ statistics: Statistics) {
        do {
            try connection.run("BEGIN IMMEDIATE")
            let completion = try job.run(connection)
            let started = ContinuousClock.now
            try connection.deferred.apply(connection)
            try connection.run("COMMIT")
            configuration.commitObserver?.observe(since: started, requests: 1)
            statistics.commits.add(1, ordering: .relaxed)
            statistics.requests.add(1, ordering: .relaxed)
            completion()
        } catch {
            if connection.inTransaction { try? connection.execute("ROLLBACK") }
            connection.deferred.discard()
            job.fail(error)
        }
    }
}

extension CommitObserver {
    /// Tells the observer of a commit that began at `started`.
    fileprivate func observe(since started: ContinuousClock.Instant, requests: Int) {
        let elapsed = started.duration(to: .now).components
        body(UInt64(max(0, elapsed.seconds)) * 1_000_000_000 + UInt64(max(0, elapsed.attoseconds / 1_000_000_000)), requests)
    }
}
