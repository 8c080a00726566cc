import CSQLite
import Glibc

/// Copies the WAL back into the database file on a thread and connection of its own, so that no commit waits for it.
///
/// SQLite's automatic checkpoint runs inside the COMMIT that takes the WAL past `wal_autocheckpoint`: the copy of
/// `checkpointPages` pages and two fsyncs, 10–100 ms during which every request of the next batch (a webhook's 200,
/// the frame a spying supervisor waits for) waits too. Instead the writer's WAL hook only hands the WAL's size over
/// (`walGrew`), and this thread runs a PASSIVE checkpoint: WAL mode lets one checkpointer copy committed frames
/// while the writer appends new ones, and the writer's next transaction after a complete checkpoint starts the WAL
/// again from its beginning (as it did after an automatic one).
final class StoreCheckpointer: Sendable {
    /// WAL sizes in pages, one per commit that ended over the threshold; a checkpoint takes all that wait.
    private let requests = StoreJobQueue<Int32>()
    private let thread: StoreThread
    private let threshold: Int32

    /// Starts the thread; its connection opens the file the writer has already set to WAL and migrated.
    /// - Parameter statistics: the writer's counters, where each checkpoint run is counted.
    init(configuration: StoreConfiguration, statistics: StoreWriter.Statistics) {
        threshold = Int32(clamping: configuration.checkpointPages)
        let requests = self.requests
        thread = StoreThread(name: "sb-store-checkpoint") {
            StoreCheckpointer.runLoop(requests: requests, path: configuration.path, statistics: statistics)
        }
    }

    /// Told by the writer after each commit how many pages the WAL holds; cheap below the threshold.
    func walGrew(to pages: Int32) {
        if pages >= threshold { _ = requests.push(pages) }
    }

    /// Installs `walGrew` as the writer connection's WAL hook, which replaces SQLite's automatic checkpoint.
    /// The connection keeps a pointer to `self`: it must not outlive the writer's connection, which holds it.
    func observe(_ writer: SQLiteConnection) {
        sqlite3_wal_hook(writer.handle, { context, _, _, pages in
            guard let context else { return SQLITE_OK }
            Unmanaged<StoreCheckpointer>.fromOpaque(context).takeUnretainedValue().walGrew(to: pages)
            return SQLITE_OK
        }, Unmanaged.passUnretained(self).toOpaque())
    }

    /// Removes the writer's hook, finishes a checkpoint in progress and ends the thread.
    func close(_ writer: SQLiteConnection) {
        sqlite3_wal_hook(writer.handle, nil, nil)
        requests.close()
        thread.join()
    }

    /// `SCHED_IDLE` of <linux/sched.h>, which Glibc declares only under _GNU_SOURCE.
    private static let schedIdle: Int32 = 5

    private static func runLoop(requests: StoreJobQueue<Int32>, path: String, statistics: StoreWriter.Statistics) {
        // The background policy (Linux schedules each thread on its own): on a busy core the event loops and the
        // writer take the CPU back at once instead of waiting out this thread's time slice behind a copy of many MB;
        // it still gets a small share, so the WAL never grows without end.
        var parameters = sched_param()
        _ = pthread_setschedparam(pthread_self(), schedIdle, &parameters)
        guard let connection = try? SQLiteConnection(path: path, readOnly: false) else {
            // The writer's own final checkpoint still runs at close; until then the WAL only grows.
            while requests.pop(max: Int.max, wait: true) != nil {}
            return
        }
        while requests.pop(max: Int.max, wait: true) != nil {
            // PASSIVE: copies what no reader still needs, never waits for a lock, never blocks the writer. A
            // busy answer (a reader's snapshot, the writer's own checkpoint at close) is retried at the next commit.
            _ = sqlite3_wal_checkpoint_v2(connection.handle, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
            statistics.checkpoints.add(1, ordering: .relaxed)
        }
    }
}
