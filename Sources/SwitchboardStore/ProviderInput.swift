/// What creating or updating a provider takes.
public struct ProviderInput: Sendable, Equatable {
    /// The provider's name (unique).
    public var name: String
    /// The API base URL.
    public var baseURL: String
    /// The WhatsApp number(s) of the account.
    public var numbers: [String]
    /// The kind-specific fields and secrets.
    public var settings: ProviderSettings

    /// A provider's fields.
    public init(name: String, baseURL: String, numbers: [String], settings: ProviderSettings) {
        self.name = name
        self.baseURL = baseURL
        self.numbers = numbers
        self.settings = settings
    }
}
