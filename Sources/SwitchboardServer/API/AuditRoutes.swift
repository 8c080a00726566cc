import SwitchboardDomain
import SwitchboardNet
import SwitchboardStore

/// `GET /api/audit` (search, newest first) and `GET /api/audit.csv` (streamed export): administrators see every
/// entry, supervisors only those naming an agent of their campaigns. Read only: nothing changes or deletes a line.
enum AuditRoutes {
    /// Adds the audit routes.
    static func add(to router: inout APIRouter, store: StoreDatabase, access: AccessDirectory) {
        router.add(.get, "/api/audit") { request throws(APIError) in
            let search = try await search(request, store)
            let query = search.query
            let entries = try await storing { () throws(StoreError) in try await store.searchAudit(query) }
            let total = try await storing { () throws(StoreError) in try await store.countAudit(query) }
            return APIJSON.response(AuditView.Page(
                items: entries.map { AuditView($0, actorName: $0.actorID.flatMap { access.user($0)?.displayName }) },
                total: total, page: search.page, pageSize: search.pageSize))
        }
        router.addStreaming(.get, "/api/audit.csv") { request throws(APIError) in
            let asked = try await search(request, store).query
            let head = HTTPResponse(status: .ok, headers: [
                "Content-Type": "text/csv; charset=utf-8",
                "Content-Disposition": "attachment; filename=\"audit.csv\"",
            ])
            return APIStreamedResponse(head: head) { body in
                let buffer = RecordingRoutes.ChunkBuffer(body: body)
                _ = buffer.append(AuditView.csvHeader)
                // Pages of the same query, newest first, until one comes back short (or the client leaves).
                var query = asked
                query.limit = 1000
                query.offset = 0
                while true {
                    guard let entries = try? await store.searchAudit(query) else { break }
                    var open = true
                    for entry in entries where open {
                        open = buffer.append(AuditView.csvLine(entry, actorName: entry.actorID.flatMap { access.user($0)?.displayName }))
                    }
                    if !open || entries.count < query.limit { break }
                    query.offset += query.limit
                }
                await buffer.flush()
            }
        }
    }

    /// The search of `request`; a supervisor's scope is the agents of its campaigns.
    private static func search(_ request: APIRequest, _ store: StoreDatabase) async throws(APIError) -> AuditSearch {
        let user = request.requiredUser
        return try await AuditSearch(request.query, user: user) { () throws(APIError) in
            let scopes = Set(user.supervisorScopes)
            let campaigns = try await storing { () throws(StoreError) in try await store.campaigns() }
            let agents = Set(campaigns.filter { scopes.contains($0.id) }.flatMap(\.members))
            return agents.sorted { $0.rawValue < $1.rawValue }
        }
    }
}
