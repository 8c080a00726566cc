import Foundation
import SwitchboardDomain
import SwitchboardStore

/// The body of `POST /api/campaigns` and `PUT /api/campaigns/:id`. On create, name, provider and number are
/// required and every advanced setting omitted takes METRICS.md's default; on update, an omitted field keeps
/// its value (a given `thresholds` object replaces all levels, a given `cannedResponses` list replaces the list).
struct CampaignBody: Decodable {
    /// Alert levels in seconds; the service-level floor in percent.
    struct Thresholds: Decodable {
        var longestWaitWarning: Int?
        var longestWaitCritical: Int?
        var asaWarning: Int?
        var asaCritical: Int?
        var ahtWarning: Int?
        var ahtCritical: Int?
        var firstResponseWarning: Int?
        var firstResponseCritical: Int?
        var serviceLevelFloor: Int?
    }

    /// One canned response.
    struct Canned: Decodable {
        var title: String
        var body: String
    }

    var name: String?
    var providerId: Int64?
    var number: String?
    var maxInteractionsPerAgent: Int?
    var thresholds: Thresholds?
    var cannedResponses: [Canned]?
    var enabled: Bool?
    var timeZone: String?
    var serviceLevelSeconds: Int?
    var serviceLevelTarget: Int?
    var shortAbandonSeconds: Int?
    var maxQueueSeconds: Int?
    var autoAssign: Bool?
    var reservationSeconds: Int?
    var dispositions: [String]?

    /// The largest number of seconds any setting accepts (about 11.5 days).
    static let maxSeconds = 1_000_000

    /// The settings this body asks for, over `current` (nil: create, with defaults).
    /// - Throws: a 422 naming every problem (the provider and number are checked against the store by the route).
    func settings(over current: CampaignSettings?) throws(APIError) -> CampaignSettings {
        var check = APIValidator()
        let name = check.text(self.name, "name", maxLength: 100, required: current == nil) ?? current?.name
        var providerID = current?.providerID
        if let providerId {
            if providerId > 0 { providerID = ProviderID(providerId) } else { check.fail("providerId", "must be a positive integer") }
        } else if current == nil {
            check.fail("providerId", "is required")
        }
        var number = current?.number
        if let given = self.number {
            number = check.phoneNumber(given, "number")
        } else if current == nil {
            check.fail("number", "is required")
        }
        let seconds = 0...Self.maxSeconds
        var settings = current ?? CampaignSettings(name: "", providerID: ProviderID(0), number: "")
        settings.maxInteractionsPerAgent = check.integer(maxInteractionsPerAgent, "maxInteractionsPerAgent", in: 1...100)
            ?? settings.maxInteractionsPerAgent
        settings.serviceLevelSeconds = check.integer(serviceLevelSeconds, "serviceLevelSeconds", in: seconds) ?? settings.serviceLevelSeconds
        settings.serviceLevelTargetPercent = check.integer(serviceLevelTarget, "serviceLevelTarget", in: 0...100)
            ?? settings.serviceLevelTargetPercent
        settings.shortAbandonSeconds = check.integer(shortAbandonSeconds, "shortAbandonSeconds", in: seconds) ?? settings.shortAbandonSeconds
        settings.maxQueueSeconds = check.integer(maxQueueSeconds, "maxQueueSeconds", in: 1...Self.maxSeconds) ?? settings.maxQueueSeconds
        settings.enabled = enabled ?? settings.enabled
        settings.autoAssign = autoAssign ?? settings.autoAssign
        settings.reservationSeconds = check.integer(reservationSeconds, "reservationSeconds", in: 1...3600) ?? settings.reservationSeconds
        if let timeZone {
            if Self.isTimeZone(timeZone) { settings.timeZone = timeZone } else { check.fail("timeZone", "must be an IANA time zone name") }
        }
        if let thresholds { settings.thresholds = Self.thresholds(thresholds, &check) }
        if let cannedResponses { _ = Self.canned(cannedResponses, "cannedResponses", &check) }
        if let dispositions { settings.dispositions = Self.names(dispositions, "dispositions", &check) }
        try check.finish()
        settings.name = name ?? ""
        settings.providerID = providerID ?? ProviderID(0)
        settings.number = number ?? ""
        return settings
    }

    /// The canned responses this body gives, nil when it gives none (checked by `settings`).
    var cannedList: [CannedResponse]? { cannedResponses?.map { CannedResponse(title: $0.title, body: $0.body) } }

    private static func thresholds(_ t: Thresholds, _ check: inout APIValidator) -> CampaignThresholds {
        let range = 0...maxSeconds
        func pair(_ warning: Int?, _ critical: Int?, _ name: String) -> (Int?, Int?) {
            let w = check.integer(warning, "thresholds.\(name)Warning", in: range)
            let c = check.integer(critical, "thresholds.\(name)Critical", in: range)
            if let w, let c, c < w { check.fail("thresholds.\(name)Critical", "must be at least the warning level") }
            return (w, c)
        }
        let wait = pair(t.longestWaitWarning, t.longestWaitCritical, "longestWait")
        let asa = pair(t.asaWarning, t.asaCritical, "asa")
        let aht = pair(t.ahtWarning, t.ahtCritical, "aht")
        let first = pair(t.firstResponseWarning, t.firstResponseCritical, "firstResponse")
        return CampaignThresholds(
            longestWaitWarning: wait.0, longestWaitCritical: wait.1, asaWarning: asa.0, asaCritical: asa.1, ahtWarning: aht.0,
            ahtCritical: aht.1, firstResponseWarning: first.0, firstResponseCritical: first.1,
            serviceLevelFloorPercent: check.integer(t.serviceLevelFloor, "thresholds.serviceLevelFloor", in: 0...100))
    }

    /// Checks a list of canned responses (at most 200; titles up to 100 characters, texts up to 4096).
    static func canned(_ list: [Canned], _ field: String, _ check: inout APIValidator) -> [CannedResponse] {
        if list.count > 200 { check.fail(field, "must hold at most 200 responses") }
        return list.enumerated().compactMap { index, item in
            let title = check.check(item.title, "\(field).\(index).title", maxLength: 100)
            let body = check.check(item.body, "\(field).\(index).body", maxLength: 4096, allowNewlines: true)
            guard let title, let body else { return nil }
            return CannedResponse(title: title, body: body)
        }
    }

    /// Checks a list of short names (dispositions, pause reasons): at most 50, each up to 100 characters, no repeats.
    static func names(_ list: [String], _ field: String, _ check: inout APIValidator) -> [String] {
        if list.count > 50 { check.fail(field, "must hold at most 50 names") }
        var seen = Set<String>()
        return list.enumerated().compactMap { index, item in
            guard let name = check.check(item.trimmingCharacters(in: .whitespaces), "\(field).\(index)", maxLength: 100) else { return nil }
            guard seen.insert(name.lowercased()).inserted else {
                check.fail("\(field).\(index)", "repeats \(name)")
                return nil
            }
            return name
        }
    }

    /// Whether `name` is a zone of the system's IANA database (a TZif file under /usr/share/zoneinfo).
    static func isTimeZone(_ name: String) -> Bool {
        if name == "UTC" { return true }
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_/+-")
        guard !name.isEmpty, name.count <= 64, name.first != "/", !name.contains(".."), name.allSatisfy(allowed.contains) else {
            return false
        }
        guard let file = FileHandle(forReadingAtPath: "/usr/share/zoneinfo/" + name) else { return false }
        defer { try? file.close() }
        let magic = (try? file.read(upToCount: 4)) ?? nil
        return magic == Data("TZif".utf8)
    }
}
