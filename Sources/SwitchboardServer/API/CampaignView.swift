import SwitchboardStore

/// A campaign as the API shows it.
struct CampaignView: Encodable {
    /// Alert levels (absent: no alert at that level).
    struct Thresholds: Encodable {
        let longestWaitWarning: Int?
        let longestWaitCritical: Int?
        let asaWarning: Int?
        let asaCritical: Int?
        let ahtWarning: Int?
        let ahtCritical: Int?
        let firstResponseWarning: Int?
        let firstResponseCritical: Int?
        let serviceLevelFloor: Int?
    }

    /// One canned response.
    struct Canned: Encodable {
        let title: String
        let body: String
    }

    let id: Int64
    let name: String
    let providerId: Int64
    let number: String
    let maxInteractionsPerAgent: Int
    let thresholds: Thresholds
    let cannedResponses: [Canned]
    let members: [Int64]
    let enabled: Bool
    let timeZone: String
    let serviceLevelSeconds: Int
    let serviceLevelTarget: Int
    let shortAbandonSeconds: Int
    let maxQueueSeconds: Int
    let autoAssign: Bool
    let reservationSeconds: Int
    let dispositions: [String]
    let createdAt: Int64

    /// The view of a stored campaign.
    init(_ campaign: CampaignRecord) {
        let s = campaign.settings
        let t = s.thresholds
        id = campaign.id.rawValue
        name = s.name
        providerId = s.providerID.rawValue
        number = s.number
        maxInteractionsPerAgent = s.maxInteractionsPerAgent
        thresholds = Thresholds(
            longestWaitWarning: t.longestWaitWarning, longestWaitCritical: t.longestWaitCritical, asaWarning: t.asaWarning,
            asaCritical: t.asaCritical, ahtWarning: t.ahtWarning, ahtCritical: t.ahtCritical,
            firstResponseWarning: t.firstResponseWarning, firstResponseCritical: t.firstResponseCritical,
            serviceLevelFloor: t.serviceLevelFloorPercent)
        cannedResponses = campaign.cannedResponses.map { Canned(title: $0.title, body: $0.body) }
        members = campaign.members.map(\.rawValue)
        enabled = s.enabled
        timeZone = s.timeZone
        serviceLevelSeconds = s.serviceLevelSeconds
        serviceLevelTarget = s.serviceLevelTargetPercent
        shortAbandonSeconds = s.shortAbandonSeconds
        maxQueueSeconds = s.maxQueueSeconds
        autoAssign = s.autoAssign
        reservationSeconds = s.reservationSeconds
        dispositions = s.dispositions
        createdAt = campaign.createdAt.milliseconds
    }
}
