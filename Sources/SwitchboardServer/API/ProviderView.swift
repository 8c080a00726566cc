import SwitchboardStore

/// A provider as the API shows it: never a secret, only whether each one is set; the cloud verify token is shown
/// (it is what the administrator pastes into the provider's console, DECISIONS.md).
struct ProviderView: Encodable {
    let id: Int64
    let name: String
    let kind: String
    let baseUrl: String
    let numbers: [String]
    let phoneNumberId: String?
    let accessTokenSet: Bool?
    let appSecretSet: Bool?
    let verifyTokenSet: Bool?
    let verifyToken: String?
    let accountSid: String?
    let authTokenSet: Bool?
    let createdAt: Int64

    /// The view of a stored provider (the `…Set` flags of its own kind only).
    init(_ provider: ProviderRecord) {
        id = provider.id.rawValue
        name = provider.name
        kind = provider.kind.rawValue
        baseUrl = provider.baseURL
        numbers = provider.numbers
        phoneNumberId = provider.phoneNumberID
        accountSid = provider.accountSID
        let set = Set(provider.secretsSet)
        let cloud = provider.kind == .cloud
        accessTokenSet = cloud ? set.contains("accessToken") : nil
        appSecretSet = cloud ? set.contains("appSecret") : nil
        verifyTokenSet = cloud ? set.contains("verifyToken") : nil
        verifyToken = cloud ? provider.verifyToken : nil
        authTokenSet = cloud ? nil : set.contains("authToken")
        createdAt = provider.createdAt.milliseconds
    }
}
