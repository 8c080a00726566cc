import SwitchboardDomain
import SwitchboardNet
import SwitchboardStore

/// `/api/pause-reasons`: the center's one list of pause reasons (DECISIONS.md: one list plus free text, a pause
/// covers all of an agent's campaigns). Everyone logged in reads it (the inbox and the wallboard offer it); only
/// administrators replace it.
enum PauseReasonRoutes {
    /// The body and the answer: the reasons in order.
    struct PauseReasons: Codable {
        let pauseReasons: [String]
    }

    /// Adds the two routes.
    static func add(to router: inout APIRouter, store: StoreDatabase, clock: any WallClock) {
        router.add(.get, "/api/pause-reasons") { _ throws(APIError) in
            APIJSON.response(PauseReasons(pauseReasons: try await storing { () throws(StoreError) in try await store.pauseReasons() }))
        }
        router.add(.put, "/api/pause-reasons") { request throws(APIError) in
            let body = try request.decode(PauseReasons.self)
            var check = APIValidator()
            let reasons = CampaignBody.names(body.pauseReasons, "pauseReasons", &check)
            try check.finish()
            try await storing { () throws(StoreError) in try await store.setPauseReasons(reasons) }
            await APIAudit.record(store, clock, request, "pause_reasons.update", "center")
            return APIJSON.response(PauseReasons(pauseReasons: reasons))
        }
    }
}
