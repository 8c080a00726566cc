/// A ready-made answer an agent can insert in a campaign.
public struct CannedResponse: Sendable, Equatable {
    /// Short label shown in the picker.
    public var title: String
    /// The text inserted.
    public var body: String

    /// A canned response.
    public init(title: String, body: String) {
        self.title = title
        self.body = body
    }
}
