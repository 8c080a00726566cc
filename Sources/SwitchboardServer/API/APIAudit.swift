import SwitchboardDomain
import SwitchboardStore

/// The audit log lines of what callers of the REST API did (`provider.update` on `provider:3`, `login.failure` on
/// `username:ana`...), with the caller's role, address and user agent. Never a secret.
enum APIAudit {
    /// Appends one line for the caller of `request` (or `actor` when the request has no user yet: a login). Best
    /// effort: the change itself is already committed.
    static func record(_ store: StoreDatabase, _ clock: any WallClock, _ request: APIRequest, _ action: String, _ target: String,
                       actor: UserRecord? = nil, detail: String? = nil) async {
        _ = try? await store.appendAudit(entry(clock, request, action, target, actor: actor, detail: detail))
    }

    /// The line `record` appends.
    static func entry(_ clock: any WallClock, _ request: APIRequest, _ action: String, _ target: String, actor: UserRecord? = nil,
                      detail: String? = nil) -> SwitchboardStore.AuditEntry {
        let user = actor ?? request.user
        return AuditEntry(at: clock.now(), actorID: user?.id, action: action, target: target, detail: detail,
                          actorRole: user?.role.rawValue, address: request.http.peer.description,
                          userAgent: request.http.head.headers.first("User-Agent").map { String($0.prefix(512)) })
    }
}
