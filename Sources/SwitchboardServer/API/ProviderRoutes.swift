import SwitchboardDomain
import SwitchboardNet
import SwitchboardStore

/// `GET/POST /api/providers`, `GET/PUT/DELETE /api/providers/:id` (administrators only). Secrets are write-only.
enum ProviderRoutes {
    /// Adds the provider routes.
    static func add(to router: inout APIRouter, store: StoreDatabase, clock: any WallClock) {
        router.add(.get, "/api/providers") { _ throws(APIError) in
            let providers = try await storing { () throws(StoreError) in try await store.providers() }
            return APIJSON.response(providers.map(ProviderView.init))
        }
        router.add(.post, "/api/providers") { request throws(APIError) in
            let input = try request.decode(ProviderBody.self).input(current: nil)
            let provider = try await storing { () throws(StoreError) in try await store.createProvider(input, at: clock.now()) }
            await APIAudit.record(store, clock, request, "provider.create", "provider:\(provider.id)")
            return APIJSON.response(ProviderView(provider), status: .created)
        }
        router.add(.get, "/api/providers/:id") { request throws(APIError) in
            APIJSON.response(ProviderView(try await provider(ProviderID(try request.id()), store)))
        }
        router.add(.put, "/api/providers/:id") { request throws(APIError) in
            let id = ProviderID(try request.id())
            let body = try request.decode(ProviderBody.self)
            let current = try await provider(id, store)
            let input = try body.input(current: current.kind)
            // A campaign answers one of its provider's numbers: the number must stay.
            let campaigns = try await storing { () throws(StoreError) in try await store.campaigns() }
            let stranded = campaigns.filter { $0.settings.providerID == id && !input.numbers.contains($0.settings.number) }
            if !stranded.isEmpty {
                throw .conflict("Campaign(s) \(stranded.map(\.settings.name).joined(separator: ", ")) answer a number this update removes.")
            }
            let updated = try await storing { () throws(StoreError) in try await store.updateProvider(id, input) }
            await APIAudit.record(store, clock, request, "provider.update", "provider:\(id)")
            return APIJSON.response(ProviderView(updated))
        }
        router.add(.delete, "/api/providers/:id") { request throws(APIError) in
            let id = ProviderID(try request.id())
            try await storing { () throws(StoreError) in try await store.deleteProvider(id) }
            await APIAudit.record(store, clock, request, "provider.delete", "provider:\(id)")
            return .status(.noContent)
        }
    }

    /// A provider by id, or a 404.
    static func provider(_ id: ProviderID, _ store: StoreDatabase) async throws(APIError) -> ProviderRecord {
        guard let provider = try await storing({ () throws(StoreError) in try await store.provider(id) }) else {
            throw .notFound("Provider \(id)")
        }
        return provider
    }
}
