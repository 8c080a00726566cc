import SwitchboardDomain
import SwitchboardNet
import SwitchboardStore

/// `/api/campaigns…`: campaigns with their advanced settings, members and canned responses. Everyone logged in
/// reads the campaigns they may see (administrators all, supervisors their scopes, agents those they answer in);
/// only administrators change them.
enum CampaignRoutes {
    /// The body of `POST /api/campaigns/:id/members`.
    struct NewMember: Decodable {
        let agentId: Int64
    }

    /// The body of `PUT /api/campaigns/:id/canned-responses`.
    struct CannedList: Decodable {
        let cannedResponses: [CampaignBody.Canned]
    }

    /// Adds the campaign, member and canned-response routes.
    static func add(to router: inout APIRouter, store: StoreDatabase, access: AccessDirectory, clock: any WallClock,
                    live: LiveService? = nil) {
        router.add(.get, "/api/campaigns") { request throws(APIError) in
            let campaigns = try await storing { () throws(StoreError) in try await store.campaigns() }
            return APIJSON.response(campaigns.filter { visible($0, to: request.requiredUser) }.map(CampaignView.init))
        }
        router.add(.post, "/api/campaigns") { request throws(APIError) in
            let body = try request.decode(CampaignBody.self)
            let settings = try body.settings(over: nil)
            try await checkProviderAndNumber(settings, campaign: nil, store)
            let created = try await storing { () throws(StoreError) in
                try await store.createCampaign(settings, cannedResponses: body.cannedList ?? [], at: clock.now())
            }
            await live?.campaignChanged(created.id)
            await APIAudit.record(store, clock, request, "campaign.create", "campaign:\(created.id)")
            return APIJSON.response(CampaignView(created), status: .created)
        }
        router.add(.get, "/api/campaigns/:id") { request throws(APIError) in
            APIJSON.response(CampaignView(try await campaign(request, store)))
        }
        router.add(.put, "/api/campaigns/:id") { request throws(APIError) in
            let id = CampaignID(try request.id())
            let body = try request.decode(CampaignBody.self)
            let current = try await campaign(request, store)
            let settings = try body.settings(over: current.settings)
            try await checkProviderAndNumber(settings, campaign: id, store)
            _ = try await storing { () throws(StoreError) in try await store.updateCampaign(id, settings) }
            if let canned = body.cannedList {
                try await storing { () throws(StoreError) in try await store.setCannedResponses(canned, for: id) }
            }
            await live?.campaignChanged(id)
            await APIAudit.record(store, clock, request, "campaign.update", "campaign:\(id)")
            return APIJSON.response(CampaignView(try await campaign(request, store)))
        }
        router.add(.delete, "/api/campaigns/:id") { request throws(APIError) in
            let id = CampaignID(try request.id())
            try await storing { () throws(StoreError) in try await store.deleteCampaign(id) }
            // Supervisors scoped to it lost that scope in the store; the directory follows.
            let users = try await storing { () throws(StoreError) in try await store.users() }
            for user in users where user.role == .supervisor { access.updated(user) }
            await live?.campaignDeleted(id)
            await APIAudit.record(store, clock, request, "campaign.delete", "campaign:\(id)")
            return .status(.noContent)
        }
        router.add(.put, "/api/campaigns/:id/canned-responses") { request throws(APIError) in
            let id = CampaignID(try request.id())
            let body = try request.decode(CannedList.self)
            var check = APIValidator()
            let canned = CampaignBody.canned(body.cannedResponses, "cannedResponses", &check)
            try check.finish()
            _ = try await campaign(request, store)
            try await storing { () throws(StoreError) in try await store.setCannedResponses(canned, for: id) }
            await live?.campaignChanged(id)
            await APIAudit.record(store, clock, request, "campaign.canned_responses", "campaign:\(id)")
            return APIJSON.response(CampaignView(try await campaign(request, store)))
        }
        addMemberRoutes(to: &router, store: store, clock: clock, live: live)
    }

    private static func addMemberRoutes(to router: inout APIRouter, store: StoreDatabase, clock: any WallClock, live: LiveService?) {
        router.add(.get, "/api/campaigns/:id/members") { request throws(APIError) in
            APIJSON.response(try await members(of: try await campaign(request, store), store))
        }
        router.add(.post, "/api/campaigns/:id/members") { request throws(APIError) in
            let body = try request.decode(NewMember.self)
            let target = try await campaign(request, store)
            guard body.agentId > 0,
                  let user = try await storing({ () throws(StoreError) in try await store.user(UserID(body.agentId)) }) else {
                throw .validation(["agentId": "is not a user"])
            }
            guard user.role == .agent else { throw .validation(["agentId": "must be a user with the agent role"]) }
            let added = try await storing { () throws(StoreError) in try await store.addMember(user.id, to: target.id) }
            if added {
                await live?.campaignChanged(target.id)
                await APIAudit.record(store, clock, request, "campaign.member.add", "campaign:\(target.id) agent:\(user.id)")
            }
            let updated = try await campaign(request, store)
            return APIJSON.response(try await members(of: updated, store), status: added ? .created : .ok)
        }
        router.add(.delete, "/api/campaigns/:id/members/:agentId") { request throws(APIError) in
            let agent = UserID(try request.id("agentId"))
            let target = try await campaign(request, store)
            let removed = try await storing { () throws(StoreError) in try await store.removeMember(agent, from: target.id) }
            guard removed else { throw .notFound("Member \(agent) of campaign \(target.id)") }
            await live?.campaignChanged(target.id)
            await APIAudit.record(store, clock, request, "campaign.member.remove", "campaign:\(target.id) agent:\(agent)")
            return .status(.noContent)
        }
    }

    /// Whether `user` may see `campaign`.
    static func visible(_ campaign: CampaignRecord, to user: UserRecord) -> Bool {
        switch user.role {
        case .admin: true
        case .supervisor, .kiosk: user.supervisorScopes.contains(campaign.id)
        case .agent: campaign.members.contains(user.id)
        }
    }

    /// The campaign named by the `:id` parameter, if the caller may see it (404 otherwise, so ids do not leak).
    static func campaign(_ request: APIRequest, _ store: StoreDatabase) async throws(APIError) -> CampaignRecord {
        let id = CampaignID(try request.id())
        guard let campaign = try await storing({ () throws(StoreError) in try await store.campaign(id) }),
              visible(campaign, to: request.requiredUser) else { throw .notFound("Campaign \(id)") }
        return campaign
    }

    /// The member agents of a campaign as users.
    private static func members(of campaign: CampaignRecord, _ store: StoreDatabase) async throws(APIError) -> [UserView] {
        let users = try await storing { () throws(StoreError) in try await store.users() }
        let ids = Set(campaign.members)
        return users.filter { ids.contains($0.id) }.map(UserView.init)
    }

    /// The provider must exist and own the number, and no other campaign may answer that number.
    private static func checkProviderAndNumber(_ settings: CampaignSettings, campaign: CampaignID?, _ store: StoreDatabase)
        async throws(APIError) {
        let id = settings.providerID
        guard let provider = try await storing({ () throws(StoreError) in try await store.provider(id) }) else {
            throw .validation(["providerId": "is not a provider"])
        }
        guard provider.numbers.contains(settings.number) else {
            throw .validation(["number": "is not a number of provider \(provider.name) (\(provider.numbers.joined(separator: ", ")))"])
        }
        let campaigns = try await storing { () throws(StoreError) in try await store.campaigns() }
        if let other = campaigns.first(where: {
            $0.id != campaign && $0.settings.providerID == id && $0.settings.number == settings.number
        }) {
            throw .conflict("Campaign \(other.settings.name) already answers \(settings.number) of provider \(provider.name).")
        }
    }
}
