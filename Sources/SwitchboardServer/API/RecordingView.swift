import SwitchboardStore

/// One line of the recordings list.
struct RecordingView: Encodable {
    let id: Int64
    /// Enqueue time, epoch milliseconds.
    let date: Int64
    /// The customer's number.
    let number: String
    let campaignId: Int64
    let campaignName: String
    let agentId: Int64?
    let agentName: String?
    /// `incoming` or `outgoing`.
    let address: String
    let state: String
    /// Enqueue to close or abandon; absent while live.
    let durationMs: Int64?
    let messageCount: Int
    let subject: String?

    /// The view of a search row.
    init(_ row: RecordingRow) {
        id = row.id.rawValue
        date = row.date.milliseconds
        number = row.heyNowNumber
        campaignId = row.campaignID.rawValue
        campaignName = row.campaignName
        agentId = row.agentID?.rawValue
        agentName = row.agentName
        address = row.address.rawValue
        state = row.state.rawValue
        durationMs = row.durationMilliseconds
        messageCount = row.messageCount
        subject = row.subject
    }

    /// A page of the list.
    struct Page: Encodable {
        let items: [RecordingView]
        let total: Int
        let page: Int
        let pageSize: Int
    }
}
