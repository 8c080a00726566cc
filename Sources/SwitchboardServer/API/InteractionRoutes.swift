import SwitchboardDomain
import SwitchboardStore

/// `POST /api/interactions`: starts an outgoing conversation, as the live `startOutgoing` command does (an agent for
/// itself; a supervisor or administrator for an agent of a campaign it supervises).
enum InteractionRoutes {
    /// The request body.
    struct Body: Decodable {
        let campaignId: Int64?
        let number: String?
        let templateId: Int64?
        let variables: [String]?
        let agentId: Int64?
    }

    /// The answer: the interaction started.
    struct Started: Encodable {
        let id: Int64
        let campaignId: Int64
        let number: String
        let agentId: Int64
        let address: String
        let state: String
        let startedAt: Int64
    }

    /// Adds the route (it answers 503 without the live side: an outgoing conversation is held by a live agent).
    static func add(to router: inout APIRouter, store: StoreDatabase, clock: any WallClock, live: LiveService?) {
        router.add(.post, "/api/interactions") { request throws(APIError) in
            guard let live else {
                throw APIError(status: .serviceUnavailable, code: "unavailable", message: "The live service is not running.")
            }
            let body = try request.decode(Body.self)
            var check = APIValidator()
            if (body.campaignId ?? 0) <= 0 { check.fail("campaignId", "is required (a campaign id)") }
            if (body.templateId ?? 0) <= 0 { check.fail("templateId", "is required (a template of the campaign)") }
            if let number = body.number {
                if !OutgoingConversations.isE164(number) { check.fail("number", "must be in E.164 form: + and 8 to 15 digits") }
            } else {
                check.fail("number", "is required")
            }
            let user = request.requiredUser
            if user.role != .agent, (body.agentId ?? 0) <= 0 { check.fail("agentId", "is required: the agent who will hold it") }
            try check.finish()
            let campaign = CampaignID(body.campaignId ?? 0)
            let agent: AgentID
            if user.role == .agent {
                agent = user.id
            } else {
                guard request.caller.maySupervise(campaign: campaign) else { throw .forbidden }
                agent = AgentID(body.agentId ?? 0)
            }
            let outgoing = OutgoingConversations(store: store, center: live.center, outbound: live.outbound, clock: clock)
            let view: InteractionView
            do throws(OutgoingRefusal) {
                view = try await outgoing.start(number: body.number ?? "", campaign: campaign, template: body.templateId ?? 0,
                                                variables: body.variables ?? [], agent: agent)
            } catch {
                throw apiError(error)
            }
            await APIAudit.record(store, clock, request, "interaction.start_outgoing", "interaction:\(view.id) agent:\(agent)")
            return APIJSON.response(Started(id: view.id.rawValue, campaignId: campaign.rawValue, number: view.customer, agentId: agent.rawValue,
                                            address: InteractionDirection.outgoing.rawValue, state: "active",
                                            startedAt: (view.takenAt ?? view.enqueuedAt).milliseconds), status: .created)
        }
    }

    /// A refusal as the API answers it: the caller's mistakes are 422 per field, the live side's refusals 409.
    static func apiError(_ refusal: OutgoingRefusal) -> APIError {
        switch refusal {
        case .invalidNumber: return .validation(["number": refusal.message])
        case .unknownTemplate: return .validation(["templateId": refusal.message])
        case .invalidVariables: return .validation(["variables": refusal.message])
        case .domain(.unknownCampaign), .domain(.forbidden): return .notFound("Campaign")
        case .domain(.unknownAgent), .domain(.notMember): return .validation(["agentId": "is not an agent of the campaign"])
        case .domain(let error): return APIError(status: .conflict, code: error.code, message: "\(error)")
        case .outsideCareWindow: return APIError(status: .conflict, code: refusal.code, message: refusal.message)
        case .internalFailure: return APIError(status: .internalServerError, code: "internal", message: refusal.message)
        }
    }
}
