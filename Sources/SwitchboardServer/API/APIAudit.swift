import SwitchboardDomain
import SwitchboardStore

/// The audit log lines of administrators' changes (`provider.update` on `provider:3`, ...). Never a secret.
enum APIAudit {
    /// Appends one line for the caller of `request`. Best effort: the change itself is already committed.
    static func record(_ store: StoreDatabase, _ clock: any WallClock, _ request: APIRequest, _ action: String, _ target: String) async {
        _ = try? await store.appendAudit(AuditEntry(at: clock.now(), actorID: request.user?.id, action: action, target: target))
    }
}
