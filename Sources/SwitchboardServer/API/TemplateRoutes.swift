import SwitchboardDomain
import SwitchboardStore

/// `/api/campaigns/:id/templates…`: the campaign's message templates (DECISIONS.md: templates belong to the campaign).
/// Whoever may see the campaign reads them (agents pick one to start a conversation); administrators change them.
enum TemplateRoutes {
    /// Adds the template routes.
    static func add(to router: inout APIRouter, store: StoreDatabase, clock: any WallClock) {
        router.add(.get, "/api/campaigns/:id/templates") { request throws(APIError) in
            let campaign = try await CampaignRoutes.campaign(request, store)
            let list = try await storing { () throws(StoreError) in try await store.templates(of: campaign.id) }
            return APIJSON.response(list.map(TemplateView.init))
        }
        router.add(.post, "/api/campaigns/:id/templates") { request throws(APIError) in
            let fields = try request.decode(TemplateBody.self).fields()
            let campaign = try await CampaignRoutes.campaign(request, store)
            let created = try await storing { () throws(StoreError) in try await store.createTemplate(fields, in: campaign.id, at: clock.now()) }
            await APIAudit.record(store, clock, request, "campaign.template.create", "campaign:\(campaign.id) template:\(created.id)")
            return APIJSON.response(TemplateView(created), status: .created)
        }
        router.add(.put, "/api/campaigns/:id/templates/:templateId") { request throws(APIError) in
            let id = try request.id("templateId")
            let fields = try request.decode(TemplateBody.self).fields()
            let campaign = try await CampaignRoutes.campaign(request, store)
            let updated = try await storing { () throws(StoreError) in try await store.updateTemplate(id, of: campaign.id, fields) }
            await APIAudit.record(store, clock, request, "campaign.template.update", "campaign:\(campaign.id) template:\(id)")
            return APIJSON.response(TemplateView(updated))
        }
        router.add(.delete, "/api/campaigns/:id/templates/:templateId") { request throws(APIError) in
            let id = try request.id("templateId")
            let campaign = try await CampaignRoutes.campaign(request, store)
            try await storing { () throws(StoreError) in try await store.deleteTemplate(id, of: campaign.id) }
            await APIAudit.record(store, clock, request, "campaign.template.delete", "campaign:\(campaign.id) template:\(id)")
            return .status(.noContent)
        }
    }
}
