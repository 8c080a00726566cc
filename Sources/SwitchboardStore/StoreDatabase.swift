import CSQLite
import SwitchboardDomain

/// Switchboard's SQLite database: configuration, sessions, recordings, chat and audit log. One writer thread
/// with group commit and a pool of reader threads; every method is `async` and never blocks Swift's pool.
/// Open it once per process with `open(_:)`, and `close()` it on shutdown (flushes queued writes).
public final class StoreDatabase: Sendable {
    /// What the database was opened with.
    public let configuration: StoreConfiguration
    private let writer: StoreWriter
    private let readers: StoreReaderPool

    private init(configuration: StoreConfiguration, writer: StoreWriter, readers: StoreReaderPool) {
        self.configuration = configuration
        self.writer = writer
        self.readers = readers
    }

    /// Opens (creating if needed) the database file and brings its schema to the newest version.
    /// - Parameter configuration: file path, durability and batching.
    /// - Returns: the open database.
    /// - Throws: `.fts5Unavailable` without FTS5, `.schemaTooNew` for a newer file, `.sqlite` when the file
    ///   cannot be opened or migrated.
    public static func open(_ configuration: StoreConfiguration) async throws(StoreError) -> StoreDatabase {
        try await open(configuration, migratingTo: StoreMigrations.latest)
    }

    /// Opens the file migrated only up to `version` (tests of upgrades from each earlier version).
    static func open(_ configuration: StoreConfiguration, migratingTo version: Int) async throws(StoreError) -> StoreDatabase {
        guard StoreMigrations.hasFTS5() else { throw .fts5Unavailable(sqliteVersion: String(cString: sqlite3_libversion())) }
        let writer = StoreWriter(configuration: configuration) { connection throws(StoreError) in
            try StoreMigrations.configureWriter(connection, configuration)
            try StoreMigrations.migrate(connection, upTo: version)
        }
        // The first job runs after the set-up: it reports a failed open or migration.
        let ready: Result<Void, StoreError> = await withUnsafeContinuation { continuation in
            writer.submit(StoreWriter.Job(
                run: { _ in { continuation.resume(returning: .success(())) } },
                fail: { continuation.resume(returning: .failure($0)) }
            ))
        }
        if case .failure(let error) = ready {
            writer.close()
            throw error
        }
        return StoreDatabase(configuration: configuration, writer: writer, readers: StoreReaderPool(configuration: configuration))
    }

    /// Commits queued writes, then stops the writer and reader threads. Later calls fail with `.closed`.
    public func close() async {
        let writer = self.writer, readers = self.readers
        // Joining threads blocks: do it on a store thread, not on the cooperative pool.
        await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
            StoreThread(name: "sb-store-close") {
                writer.close()
                readers.close()
                continuation.resume()
            }.detach()
        }
    }

    /// Transactions and requests committed by the writer since open (requests ÷ commits = requests per batch).
    public func writerStatistics() -> (commits: Int, requests: Int) {
        (writer.statistics.commits.load(ordering: .relaxed), writer.statistics.requests.load(ordering: .relaxed))
    }

    /// Checkpoints the checkpointer's thread has run since open (the writer's commits never run one).
    public func checkpointsRun() -> Int {
        writer.statistics.checkpoints.load(ordering: .relaxed)
    }

    /// The schema version of the file (the number of migrations applied).
    public func schemaVersion() async throws(StoreError) -> Int {
        try await read { connection throws(StoreError) in Int(try connection.scalar("PRAGMA user_version") ?? 0) }
    }

    // MARK: - Running work on the store's threads

    /// Runs `body` in the writer's current batch transaction; returns after that transaction committed.
    /// - Parameters:
    ///   - appendsMessages: `body` only records messages (see `StoreWriter.Job.appendsMessages`).
    ///   - body: the work, on the writer thread.
    func write<T: Sendable>(appendsMessages: Bool = false, _ body: @escaping @Sendable (SQLiteConnection) throws(StoreError) -> T)
        async throws(StoreError) -> T {
        let result: Result<T, StoreError> = await withUnsafeContinuation { continuation in
            writer.submit(StoreWriter.Job(
                run: { connection throws(StoreError) in
                    let value = try body(connection)
                    return { continuation.resume(returning: .success(value)) }
                },
                fail: { continuation.resume(returning: .failure($0)) },
                appendsMessages: appendsMessages
            ))
        }
        return try result.get()
    }

    /// Runs `body` in the writer's batch and calls `completion` on the writer thread after the commit (or
    /// with the failure). For callers that must not create a task per request.
    func write<T: Sendable>(
        appendsMessages: Bool = false, _ body: @escaping @Sendable (SQLiteConnection) throws(StoreError) -> T,
        completion: @escaping @Sendable (Result<T, StoreError>) -> Void
    ) {
        writer.submit(StoreWriter.Job(
            run: { connection throws(StoreError) in
                let value = try body(connection)
                return { completion(.success(value)) }
            },
            fail: { completion(.failure($0)) },
            appendsMessages: appendsMessages
        ))
    }

    /// Runs `body` on a reader connection in one read transaction (one consistent snapshot).
    func read<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws(StoreError) -> T) async throws(StoreError) -> T {
        let result: Result<T, StoreError> = await withUnsafeContinuation { continuation in
            readers.submit(StoreReaderPool.Job(
                run: { connection in
                    do throws(StoreError) {
                        continuation.resume(returning: .success(try body(connection)))
                    } catch {
                        continuation.resume(returning: .failure(error))
                    }
                },
                fail: { continuation.resume(returning: .failure($0)) }
            ))
        }
        return try result.get()
    }
}
