import SwitchboardDomain
import SwitchboardStore

// MARK: - A stored campaign as the domain configures it

extension CampaignConfiguration {
    /// The domain configuration of a stored campaign: settings, members, canned responses and thresholds (seconds;
    /// the service level warns below its target and is critical below the floor).
    /// - Parameter record: the campaign as the store holds it.
    init(_ record: CampaignRecord) {
        self.init(id: record.id, name: record.settings.name, members: Set(record.members))
        let s = record.settings
        enabled = s.enabled
        maxInteractionsPerAgent = s.maxInteractionsPerAgent
        serviceLevelSeconds = Int64(s.serviceLevelSeconds)
        serviceLevelTarget = Double(s.serviceLevelTargetPercent)
        shortAbandonSeconds = Int64(s.shortAbandonSeconds)
        maxQueueSeconds = Int64(s.maxQueueSeconds)
        autoAssign = s.autoAssign
        reservationSeconds = Int64(s.reservationSeconds)
        cannedResponses = record.cannedResponses.map(\.body)
        let t = s.thresholds
        func levels(_ warning: Int?, _ critical: Int?) -> ThresholdLevels {
            ThresholdLevels(warning: warning.map(Double.init), critical: critical.map(Double.init))
        }
        thresholds = Thresholds(
            longestWait: levels(t.longestWaitWarning, t.longestWaitCritical), asa: levels(t.asaWarning, t.asaCritical),
            aht: levels(t.ahtWarning, t.ahtCritical), firstResponse: levels(t.firstResponseWarning, t.firstResponseCritical),
            serviceLevel: levels(s.serviceLevelTargetPercent, t.serviceLevelFloorPercent))
    }
}
