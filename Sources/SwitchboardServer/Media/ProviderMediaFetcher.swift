import Foundation
import SwitchboardNet
import SwitchboardProviders
import SwitchboardStore

/// Fetches one message's media from its provider, with the provider's credentials, for the media proxy (pages load
/// nothing from elsewhere under `default-src 'self'`, and a provider's media URL needs its credentials anyway).
///
/// Cloud: `GET {baseUrl}/{mediaId}` with the bearer token answers `{"url": …, "mime_type": …}`, and that URL with the
/// same token gives the bytes (Meta's two steps); a `link` the sender gave is fetched as is. Classic: the
/// `MediaUrl` with HTTP basic auth (account SID, auth token) when it is on the provider's host, following its
/// redirect to the storage host without the credentials (Twilio answers 307 to a signed URL).
struct ProviderMediaFetcher: Sendable {
    /// The media's bytes and the type the provider gave.
    struct Media: Sendable {
        let contentType: String
        let body: [UInt8]
    }

    /// Why there is nothing to show.
    enum Failure: Error, Equatable {
        /// The message has no media the provider can give (a text, a location, or no id or URL).
        case noMedia
        /// The provider's media is over the limit.
        case tooLarge(Int)
        /// The provider could not be reached or refused (its status or the error).
        case unavailable(String)
    }

    /// The largest media fetched (WhatsApp's own limits: images 5 MB, audio and video 16 MB).
    var maxBytes = 16 << 20
    /// Connect and response timeouts for each request.
    var connectTimeoutMilliseconds: Int64 = 5_000
    var responseTimeoutMilliseconds: Int64 = 20_000
    /// Redirects followed at most.
    let maxRedirects = 3

    /// The media of a message with `content` (its stored `InboundContent` JSON), from `credentials`' provider.
    func fetch(content: String?, credentials: ProviderCredentials) async -> Result<Media, Failure> {
        guard let content, let fields = (try? JSONSerialization.jsonObject(with: Data(content.utf8))) as? [String: Any] else {
            return .failure(.noMedia)
        }
        let mediaID = fields["mediaId"] as? String
        let mediaURL = fields["mediaUrl"] as? String
        let declaredType = fields["mimeType"] as? String
        switch credentials.settings {
        case .cloud(_, let accessToken, _, _):
            let bearer = accessToken.map { [HTTPField("Authorization", "Bearer \($0)")] } ?? []
            if let mediaID, !mediaID.isEmpty, mediaID.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." }) {
                let base = OutboundRoute.trimmed(credentials.baseURL)
                let described: Media
                switch await get(base + "/" + mediaID, headers: bearer, limit: 64 << 10) {
                case .success(let media): described = media
                case .failure(let failure): return .failure(failure)
                }
                guard let object = (try? JSONSerialization.jsonObject(with: Data(described.body))) as? [String: Any],
                      let url = object["url"] as? String else {
                    return .failure(.unavailable("the provider's media description has no url"))
                }
                return await get(url, headers: bearer, limit: maxBytes, type: object["mime_type"] as? String ?? declaredType)
            }
            guard let mediaURL else { return .failure(.noMedia) }
            return await get(mediaURL, headers: [], limit: maxBytes, type: declaredType)
        case .classic(let accountSID, let authToken):
            guard let mediaURL else { return .failure(.noMedia) }
            var headers: [HTTPField] = []
            if let authToken, Self.origin(of: mediaURL)?.host == (try? HTTPEndpoint(credentials.baseURL))?.host {
                headers = [HTTPField("Authorization", "Basic " + Data("\(accountSID):\(authToken)".utf8).base64EncodedString())]
            }
            return await get(mediaURL, headers: headers, limit: maxBytes, type: declaredType)
        }
    }

    /// GET `url` (following redirects; the credentials go only to the first host), the body up to `limit` bytes.
    private func get(_ url: String, headers: [HTTPField], limit: Int, type: String? = nil) async -> Result<Media, Failure> {
        var url = url, headers = headers
        for _ in 0...maxRedirects {
            guard let (origin, target) = Self.origin(of: url).map({ ($0, Self.target(of: url)) }) else {
                return .failure(.unavailable("not an http(s) URL: \(url)"))
            }
            var configuration = HTTPClient.Configuration()
            configuration.connectTimeoutMilliseconds = connectTimeoutMilliseconds
            configuration.responseTimeoutMilliseconds = responseTimeoutMilliseconds
            configuration.maxResponseBytes = limit
            configuration.maxIdleConnections = 0
            let response: HTTPClientResponse
            do throws(HTTPClientError) {
                let client = try HTTPClient(baseURL: "\(origin.isSecure ? "https" : "http")://\(origin.hostHeader)", configuration: configuration)
                response = try await client.execute(HTTPClientRequest(method: "GET", path: target, headers: headers))
            } catch {
                if case .responseTooLarge(let size) = error { return .failure(.tooLarge(size)) }
                return .failure(.unavailable("\(error)"))
            }
            if [301, 302, 303, 307, 308].contains(response.status),
               let location = response.headers.first(where: { $0.name.lowercased() == "location" })?.value {
                let next = location.hasPrefix("/") ? "\(origin.isSecure ? "https" : "http")://\(origin.hostHeader)\(location)" : location
                if Self.origin(of: next)?.host != origin.host { headers = [] }
                url = next
                continue
            }
            guard response.status == 200 else { return .failure(.unavailable("the provider answered \(response.status)")) }
            let given = response.headers.first { $0.name.lowercased() == "content-type" }?.value
            return .success(Media(contentType: given ?? type ?? "application/octet-stream", body: response.body))
        }
        return .failure(.unavailable("more than \(maxRedirects) redirects"))
    }

    /// The scheme, host and port of an absolute http(s) URL.
    static func origin(of url: String) -> HTTPEndpoint? {
        guard let schemeEnd = url.range(of: "://") else { return nil }
        let rest = url[schemeEnd.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return try? HTTPEndpoint(String(url[..<schemeEnd.upperBound]) + authority)
    }

    /// The path and query of an absolute URL ("/" when it has none), without a fragment.
    static func target(of url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return "/" }
        let rest = url[schemeEnd.upperBound...]
        var target = String(rest.drop { $0 != "/" && $0 != "?" && $0 != "#" })
        if let hash = target.firstIndex(of: "#") { target = String(target[..<hash]) }
        if target.isEmpty { return "/" }
        return target.hasPrefix("?") ? "/" + target : target
    }
}
