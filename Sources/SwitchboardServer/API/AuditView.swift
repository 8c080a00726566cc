import SwitchboardStore

/// One audit log line as the API shows it (epoch milliseconds), with the actor's name.
struct AuditView: Encodable {
    let id: Int64
    let at: Int64
    let actorId: Int64?
    let actorName: String?
    let actorRole: String?
    let action: String
    let target: String?
    let detail: String?
    let address: String?
    let userAgent: String?

    /// The view of an entry; `actorName` from the directory.
    init(_ entry: AuditEntry, actorName: String?) {
        id = entry.id
        at = entry.at.milliseconds
        actorId = entry.actorID?.rawValue
        self.actorName = actorName
        actorRole = entry.actorRole
        action = entry.action
        target = entry.target
        detail = entry.detail
        address = entry.address
        userAgent = entry.userAgent
    }

    /// A page of the log.
    struct Page: Encodable {
        let items: [AuditView]
        let total: Int
        let page: Int
        let pageSize: Int
    }

    /// The CSV header of the export.
    static let csvHeader = "time,user,role,action,target,detail,address,user_agent\r\n"

    /// One entry as a CSV line, formula-like cells neutralised (a username or user agent is typed by anyone).
    static func csvLine(_ entry: AuditEntry, actorName: String?) -> String {
        let cells = [
            TranscriptCSV.iso8601(milliseconds: entry.at.milliseconds), actorName ?? "", entry.actorRole ?? "", entry.action,
            entry.target ?? "", entry.detail ?? "", entry.address ?? "", entry.userAgent ?? "",
        ]
        return cells.map(TranscriptCSV.field).joined(separator: ",") + "\r\n"
    }
}
