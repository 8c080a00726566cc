import Logging
import SwitchboardDomain
import SwitchboardStore
import SwitchboardSync

/// What the store sheds with time, at start and then every hour: audit entries older than the retention (the only way
/// a line leaves the append-only audit log, and itself audited with how many went) and sessions expired over a day ago.
public final class Housekeeping: Sendable {
    /// How often the sweep runs.
    public static let intervalSeconds: Int64 = 3_600
    /// Expired sessions are kept this long (a revoked or expired cookie still gets "session expired", not "log in").
    public static let expiredSessionSeconds: Int64 = 86_400

    private let store: StoreDatabase
    private let clock: any WallClock
    private let auditRetentionDays: Int?
    private let logger: Logger
    private let task = Locked<Task<Void, Never>?>(nil)

    /// - Parameter auditRetentionDays: audit entries older than this many days are deleted; nil keeps them all.
    public init(store: StoreDatabase, clock: any WallClock, auditRetentionDays: Int?, logger: Logger) {
        self.store = store
        self.clock = clock
        self.auditRetentionDays = auditRetentionDays
        self.logger = logger
    }

    /// One sweep. Returns how many audit entries and sessions were deleted.
    @discardableResult
    public func sweep() async -> (auditEntries: Int, sessions: Int) {
        let now = clock.now()
        var deleted = (auditEntries: 0, sessions: 0)
        if let days = auditRetentionDays {
            let cutoff = now.adding(seconds: -Int64(days) * 86_400)
            do {
                deleted.auditEntries = try await store.deleteAudit(before: cutoff)
                if deleted.auditEntries > 0 {
                    _ = try await store.appendAudit(AuditEntry(
                        at: now, actorID: nil, action: "audit.retention", target: nil,
                        detail: "deleted \(deleted.auditEntries) entries older than \(days) days", actorRole: nil, address: nil, userAgent: nil))
                }
            } catch {
                logger.error("audit retention failed: \(error)")
            }
        }
        do {
            deleted.sessions = try await store.deleteExpiredSessions(before: now.adding(seconds: -Self.expiredSessionSeconds))
        } catch {
            logger.error("expired sessions not deleted: \(error)")
        }
        return deleted
    }

    /// Sweeps now and then every `intervalSeconds` until `stop()`.
    public func start() {
        let running = Task { [self] in
            while !Task.isCancelled {
                await sweep()
                do { try await Task.sleep(for: .seconds(Self.intervalSeconds)) } catch { return }
            }
        }
        task.withLock { $0 = running }
    }

    /// Stops the periodic sweep (waits for a sweep under way).
    public func stop() async {
        let running = task.withLock { current -> Task<Void, Never>? in
            defer { current = nil }
            return current
        }
        running?.cancel()
        await running?.value
    }
}
