import SwitchboardDomain
import SwitchboardNet
import SwitchboardStore

/// `GET /api/media/{messageId}`: a message's image, audio, video or document, fetched from its provider with the
/// provider's credentials and cached. For whoever sees the message's campaign (administrators, its supervisors, its
/// agents, who see a customer's earlier conversations there too); 404 for anything else, as for a missing message.
enum MediaRoutes {
    static func add(to router: inout APIRouter, store: StoreDatabase, fetcher: ProviderMediaFetcher = ProviderMediaFetcher(),
                    cache: MediaCache = MediaCache()) {
        router.add(.get, "/api/media/:id") { request throws(APIError) in
            let id = MessageID(try request.id())
            guard let media = try await storing({ () throws(StoreError) in try await store.messageMedia(id) }),
                  let campaign = try await storing({ () throws(StoreError) in try await store.campaign(media.campaign) }),
                  CampaignRoutes.visible(campaign, to: request.requiredUser) else {
                throw .notFound("Message \(id)")
            }
            if let cached = cache.media(of: id) { return response(cached) }
            let providerID = media.provider ?? campaign.settings.providerID
            guard let credentials = try await storing({ () throws(StoreError) in try await store.providerCredentials(providerID) }) else {
                throw APIError(status: .notFound, code: "no_media", message: "Message \(id) has no media.")
            }
            switch await fetcher.fetch(content: media.content, credentials: credentials) {
            case .success(let fetched):
                cache.keep(fetched, of: id)
                return response(fetched)
            case .failure(.noMedia):
                throw APIError(status: .notFound, code: "no_media", message: "Message \(id) has no media.")
            case .failure(.tooLarge(let size)):
                throw APIError(status: .badGateway, code: "media_too_large", message: "The provider's media is over \(size) bytes.")
            case .failure(.unavailable(let reason)):
                throw APIError(status: .badGateway, code: "media_unavailable", message: "The provider did not give the media: \(reason).")
            }
        }
    }

    /// Types a browser may show inline from this origin: pictures (not SVG, which can run script), sound and video.
    /// Anything else is a download (`attachment`), so a provider's HTML can never run as this site.
    static func inlineType(_ type: String) -> String? {
        let bare = type.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        let shown = ["image/jpeg", "image/png", "image/gif", "image/webp", "audio/ogg", "audio/mpeg", "audio/aac", "audio/mp4",
                     "audio/amr", "video/mp4", "video/3gpp"]
        return shown.contains(bare) ? bare : nil
    }

    private static func response(_ media: ProviderMediaFetcher.Media) -> HTTPResponse {
        var response = HTTPResponse(status: .ok, body: media.body)
        if let type = inlineType(media.contentType) {
            response.headers.add("Content-Type", type)
        } else {
            response.headers.add("Content-Type", "application/octet-stream")
            response.headers.add("Content-Disposition", "attachment")
        }
        // A message's media never changes; kept by this browser only (it is a customer's).
        response.headers.add("Cache-Control", "private, max-age=86400")
        return response
    }
}
