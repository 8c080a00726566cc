import SwitchboardDomain
import SwitchboardProviders
import SwitchboardStore

/// Where and how one provider sends, read from its stored credentials at each attempt (so a provider changed
/// through the API takes effect without a restart): its base URL and the account the request builder needs.
struct OutboundRoute: Equatable {
    /// The provider's API base URL.
    let baseURL: String
    /// The kind's credentials.
    let account: OutboundAccount

    /// The route of `credentials`, or why it cannot send (a missing secret).
    /// - Parameters:
    ///   - credentials: the provider with its secrets.
    ///   - publicURL: the server's public base URL (classic status callbacks), if known.
    static func of(_ credentials: ProviderCredentials, publicURL: String?) -> Result<OutboundRoute, Refusal> {
        switch credentials.settings {
        case .cloud(let phoneNumberID, let accessToken, _, _):
            guard let accessToken, !accessToken.isEmpty else { return .failure(Refusal("provider \(credentials.id) has no access token")) }
            return .success(OutboundRoute(baseURL: credentials.baseURL, account: .cloud(phoneNumberID: phoneNumberID, accessToken: accessToken)))
        case .classic(let accountSID, let authToken):
            guard let authToken, !authToken.isEmpty else { return .failure(Refusal("provider \(credentials.id) has no auth token")) }
            let callback = publicURL.map { Self.trimmed($0) + "/webhooks/classic/\(credentials.id)" }
            return .success(OutboundRoute(baseURL: credentials.baseURL,
                                          account: .classic(accountSID: accountSID, authToken: authToken, statusCallback: callback)))
        }
    }

    /// A URL without its trailing slashes.
    static func trimmed(_ url: String) -> String {
        var url = Substring(url)
        while url.hasSuffix("/") { url = url.dropLast() }
        return String(url)
    }

    /// Why a message cannot be sent at all: it fails with this reason.
    struct Refusal: Error, Equatable {
        let reason: String
        init(_ reason: String) { self.reason = reason }
    }
}
