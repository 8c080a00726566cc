import SwitchboardDomain
import SwitchboardNet
import SwitchboardStore

/// Kiosk links (issue 14): `GET/POST /api/kiosk-links`, `DELETE /api/kiosk-links/:id` for administrators, and
/// `POST /api/kiosk/session`, which turns a link's token into the kiosk's cookie. A kiosk reads its campaigns' TV
/// wallboard and nothing else (`AccessRule.Audience.kiosk`); revoking the link closes its open wallboards.
enum KioskLinkRoutes {
    struct Body: Decodable {
        let name: String?
        let campaigns: [Int64]?
    }

    struct Opening: Decodable {
        let token: String?
    }

    /// How long the kiosk's cookie is kept (browsers cap Max-Age at 400 days); the link itself lasts until revoked.
    static let cookieSeconds: Int64 = 400 * 86_400

    static func add(to router: inout APIRouter, store: StoreDatabase, access: AccessDirectory, clock: any WallClock) {
        router.add(.get, "/api/kiosk-links") { _ throws(APIError) in
            let links = try await storing { () throws(StoreError) in try await store.kioskLinks() }
            return APIJSON.response(links.map(KioskLinkView.init))
        }
        router.add(.post, "/api/kiosk-links") { request throws(APIError) in
            let body = try request.decode(Body.self)
            var check = APIValidator()
            let name = check.text(body.name, "name", maxLength: 100)
            let ids = body.campaigns ?? []
            if ids.isEmpty { check.fail("campaigns", "name at least one campaign") }
            if ids.count > 200 { check.fail("campaigns", "may name at most 200 campaigns") }
            try check.finish()
            let known = Set(try await storing { () throws(StoreError) in try await store.campaigns() }.map(\.id.rawValue))
            if let unknown = ids.first(where: { !known.contains($0) }) { throw .validation(["campaigns": "campaign \(unknown) does not exist"]) }
            let token = SessionToken.generate()
            let link = try await storing { () throws(StoreError) in
                try await store.createKioskLink(name: name ?? "", tokenHash: token.hash, campaigns: ids.map(CampaignID.init),
                                                createdBy: request.user?.id, at: clock.now())
            }
            access.kioskLinkAdded(link)
            await APIAudit.record(store, clock, request, "kiosk.create", "kiosk:\(link.id)",
                                  detail: "campaigns \(link.campaigns.map(\.description).joined(separator: ","))")
            return APIJSON.response(CreatedKioskLinkView(link: KioskLinkView(link), token: token.value, path: "/tv/#kiosk=\(token.value)"),
                                    status: .created)
        }
        router.add(.delete, "/api/kiosk-links/:id") { request throws(APIError) in
            let id = try request.id()
            guard let link = try await storing({ () throws(StoreError) in try await store.revokeKioskLink(id, at: clock.now()) }) else {
                throw .notFound("Kiosk link \(id)")
            }
            access.kioskLinkRevoked(link)
            await APIAudit.record(store, clock, request, "kiosk.revoke", "kiosk:\(link.id)")
            return .status(.noContent)
        }
        router.add(.post, "/api/kiosk/session") { request throws(APIError) in
            let opening = try request.decode(Opening.self)
            guard let token = opening.token, !token.isEmpty else { throw .validation(["token": "is required"]) }
            guard token.utf8.count <= 128, let principal = access.user(forToken: token), principal.role == .kiosk else {
                throw APIError(status: .unauthorized, code: "invalid_kiosk_link", message: "This kiosk link is not valid or was revoked.")
            }
            await APIAudit.record(store, clock, request, "kiosk.open", "kiosk:\(-principal.id.rawValue)")
            var response = APIJSON.response(UserView(principal))
            response.headers.add("Set-Cookie", SessionRoutes.cookie(token, maxAge: cookieSeconds, secure: request.http.isSecure))
            return response
        }
    }
}
