import SwitchboardStore

/// A campaign's template as the API shows it.
struct TemplateView: Encodable {
    let id: Int64
    let campaignId: Int64
    let name: String
    let language: String
    let body: String
    let contentSid: String?
    /// How many `{{n}}` variables a send must give.
    let parameterCount: Int
    let createdAt: Int64

    init(_ template: MessageTemplate) {
        id = template.id
        campaignId = template.campaignID.rawValue
        name = template.fields.name
        language = template.fields.language
        body = template.fields.body
        contentSid = template.fields.contentSID
        parameterCount = template.fields.parameterCount
        createdAt = template.createdAt.milliseconds
    }
}
