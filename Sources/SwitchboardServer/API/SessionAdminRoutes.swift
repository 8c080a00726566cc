import SwitchboardDomain
import SwitchboardNet
import SwitchboardStore

/// `GET /api/users/:id/sessions` and `DELETE /api/sessions/:id` (administrators): a user's live logins, and
/// revoking one (its open sockets close with the reason; audited).
enum SessionAdminRoutes {
    /// Adds the session list and revoke routes.
    static func add(to router: inout APIRouter, store: StoreDatabase, access: AccessDirectory, clock: any WallClock) {
        router.add(.get, "/api/users/:id/sessions") { request throws(APIError) in
            let id = UserID(try request.id())
            let known = try await storing { () throws(StoreError) in try await store.user(id) }
            guard known != nil else { throw .notFound("User \(id)") }
            let mine = request.sessionToken.map { SessionToken(value: $0).hash }
            let views = access.sessions(of: id).map { entry in
                SessionView(entry.record, lastSeen: entry.lastSeen, sockets: entry.sockets, current: entry.record.tokenHash == mine)
            }
            return APIJSON.response(views)
        }
        router.add(.delete, "/api/sessions/:id") { request throws(APIError) in
            let publicID = request.parameters["id"] ?? ""
            guard publicID.utf8.count == 32, publicID.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else {
                throw .badRequest("id must be a session id (32 lowercase hex digits).")
            }
            guard let session = access.session(publicID: publicID) else { throw .notFound("Session \(publicID)") }
            _ = try await storing { () throws(StoreError) in try await store.revokeSession(tokenHash: session.tokenHash, at: clock.now()) }
            access.revoked(tokenHash: session.tokenHash, reason: .revoked)
            await APIAudit.record(store, clock, request, "session.revoke", "user:\(session.userID) session:\(publicID)")
            return .status(.noContent)
        }
    }
}
