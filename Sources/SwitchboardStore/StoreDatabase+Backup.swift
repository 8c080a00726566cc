import CSQLite

// MARK: - Online backup

extension StoreDatabase {
    /// Copies the database to `path` with SQLite's online backup API while writes go on: the copy is the
    /// snapshot of one read transaction on a reader connection (the writer is never blocked).
    /// - Parameter path: the destination file (replaced if it exists).
    /// - Throws: `.sqlite` when the destination cannot be written.
    public func backup(to path: String) async throws(StoreError) {
        try await read { source throws(StoreError) in
            let destination = try SQLiteConnection(path: path, readOnly: false)
            guard let backup = sqlite3_backup_init(destination.handle, "main", source.handle, "main") else {
                throw destination.error(sqlite3_errcode(destination.handle), sql: "sqlite3_backup_init")
            }
            // One step of every page: the source stays inside this job's read transaction, so the copy is
            // consistent and never restarts because of the writer's commits.
            var rc = sqlite3_backup_step(backup, -1)
            var attempts = 0
            while (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && attempts < 50 {  // the destination is locked by someone else
                attempts += 1
                sqlite3_sleep(100)
                rc = sqlite3_backup_step(backup, -1)
            }
            let finish = sqlite3_backup_finish(backup)
            guard rc == SQLITE_DONE, finish == SQLITE_OK else {
                throw destination.error(rc == SQLITE_DONE ? finish : rc, sql: "sqlite3_backup_step")
            }
        }
    }
}
