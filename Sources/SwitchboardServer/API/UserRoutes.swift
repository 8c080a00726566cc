import SwitchboardDomain
import SwitchboardNet
import SwitchboardStore

/// `/api/users…` (administrators only): users, their roles, scopes and passwords. Every change reaches the
/// access directory at once (a deleted user's sessions stop working on the next request). An administrator cannot
/// delete itself or change its own role, and the last administrator stays one.
enum UserRoutes {
    /// The body of `PUT /api/users/:id/password`.
    struct NewPassword: Decodable {
        let password: String
    }

    /// Adds the user routes.
    static func add(to router: inout APIRouter, store: StoreDatabase, access: AccessDirectory, clock: any WallClock,
                    live: LiveService? = nil) {
        router.add(.get, "/api/users") { _ throws(APIError) in
            APIJSON.response(try await storing { () throws(StoreError) in try await store.users() }.map(UserView.init))
        }
        router.add(.post, "/api/users") { request throws(APIError) in
            let body = try request.decode(UserBody.self)
            let fields = try body.checked(current: nil, campaigns: try await campaignIDs(store))
            let new = NewUser(
                username: fields.username, displayName: fields.displayName, role: fields.role,
                passwordHash: PasswordHasher.hash(fields.password ?? ""), monitorScreen: fields.monitorScreen,
                supervisorScopes: fields.supervisorScopes ?? [])
            let user = try await storing { () throws(StoreError) in try await store.createUser(new, at: clock.now()) }
            access.updated(user)
            await live?.userChanged(user, previousRole: nil)
            await APIAudit.record(store, clock, request, "user.create", "user:\(user.id)")
            return APIJSON.response(UserView(user), status: .created)
        }
        router.add(.get, "/api/users/:id") { request throws(APIError) in
            APIJSON.response(UserView(try await user(request, store)))
        }
        router.add(.put, "/api/users/:id") { request throws(APIError) in
            let body = try request.decode(UserBody.self)
            let current = try await user(request, store)
            let fields = try body.checked(current: current, campaigns: try await campaignIDs(store))
            // No one locks themselves out: another administrator changes an administrator's role.
            if current.id == request.requiredUser.id && fields.role != current.role { throw .conflict("You cannot change your own role.") }
            if current.role == .admin && fields.role != .admin { try await keepAnAdmin(store) }
            let updated = try await storing { () throws(StoreError) in
                try await store.updateUser(current.id, displayName: fields.displayName, role: fields.role,
                                           monitorScreen: fields.monitorScreen, supervisorScopes: fields.supervisorScopes)
            }
            if current.role == .agent && updated.role != .agent {
                // Only agents answer in campaigns.
                let campaigns = try await storing { () throws(StoreError) in try await store.campaigns(ofAgent: current.id) }
                for campaign in campaigns {
                    _ = try await storing { () throws(StoreError) in try await store.removeMember(current.id, from: campaign) }
                }
            }
            access.updated(updated)
            await live?.userChanged(updated, previousRole: current.role)
            if updated.role != current.role || Set(updated.supervisorScopes) != Set(current.supervisorScopes) {
                live?.sockets.accessChanged(of: updated.id)
            }
            await APIAudit.record(store, clock, request, "user.update", "user:\(updated.id)")
            return APIJSON.response(UserView(updated))
        }
        router.add(.delete, "/api/users/:id") { request throws(APIError) in
            let target = try await user(request, store)
            if target.id == request.requiredUser.id { throw .conflict("You cannot delete your own user.") }
            if target.role == .admin { try await keepAnAdmin(store) }
            try await storing { () throws(StoreError) in try await store.deleteUser(target.id) }
            access.removed(target.id)
            await APIAudit.record(store, clock, request, "user.delete", "user:\(target.id)")
            return .status(.noContent)
        }
        router.add(.put, "/api/users/:id/password") { request throws(APIError) in
            let body = try request.decode(NewPassword.self)
            var check = APIValidator()
            UserBody.checkPassword(body.password, &check)
            try check.finish()
            let target = try await user(request, store)
            let hash = PasswordHasher.hash(body.password)
            try await storing { () throws(StoreError) in try await store.setPasswordHash(hash, for: target.id) }
            // A new password ends the user's other sessions (their open sockets close); an administrator setting its
            // own keeps the session it did it with.
            let kept = target.id == request.requiredUser.id ? request.sessionToken.map { SessionToken(value: $0).hash } : nil
            _ = try await storing { () throws(StoreError) in try await store.revokeSessions(of: target.id, at: clock.now(), except: kept) }
            access.revokedAll(of: target.id, reason: .passwordChanged, except: kept)
            await APIAudit.record(store, clock, request, "user.password", "user:\(target.id)")
            return .status(.noContent)
        }
    }

    /// The user named by `:id`, or a 404.
    private static func user(_ request: APIRequest, _ store: StoreDatabase) async throws(APIError) -> UserRecord {
        let id = UserID(try request.id())
        guard let user = try await storing({ () throws(StoreError) in try await store.user(id) }) else { throw .notFound("User \(id)") }
        return user
    }

    private static func campaignIDs(_ store: StoreDatabase) async throws(APIError) -> Set<CampaignID> {
        Set(try await storing { () throws(StoreError) in try await store.campaigns() }.map(\.id))
    }

    /// Refuses to remove or demote the last administrator.
    private static func keepAnAdmin(_ store: StoreDatabase) async throws(APIError) {
        let admins = try await storing { () throws(StoreError) in try await store.users() }.filter { $0.role == .admin }
        if admins.count <= 1 { throw .conflict("The last administrator cannot be removed or demoted.") }
    }
}
