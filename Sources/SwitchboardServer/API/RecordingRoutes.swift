import SwitchboardDomain
import SwitchboardNet
import SwitchboardStore
import SwitchboardSync

/// `GET /api/recordings` (search), `GET /api/recordings/:id` (transcript) and `GET /api/recordings.csv` (streamed
/// export), for administrators and for supervisors within their campaigns.
enum RecordingRoutes {
    /// Collects CSV lines into chunks of about `size` bytes for the body writer (one chunk per line would be
    /// a frame per row); used from the store's reader thread, hence the lock.
    final class ChunkBuffer: Sendable {
        private let pending = Locked<[UInt8]>([])
        private let body: HTTPBodyWriter
        private let size: Int

        /// A buffer in front of `body` sending chunks of about `size` bytes.
        init(body: HTTPBodyWriter, size: Int = 32_768) {
            self.body = body
            self.size = size
        }

        /// Adds a line; sends a full chunk (blocking while the client is behind). False once the client is gone.
        func append(_ line: String) -> Bool {
            let chunk: [UInt8]? = pending.withLock { pending in
                pending.append(contentsOf: line.utf8)
                guard pending.count >= size else { return nil }
                defer { pending.removeAll(keepingCapacity: true) }
                return pending
            }
            guard let chunk else { return true }
            return body.writeBlocking(chunk)
        }

        /// Sends what is left.
        func flush() async {
            let rest = pending.withLock { pending in
                defer { pending = [] }
                return pending
            }
            if !rest.isEmpty { _ = await body.write(rest) }
        }
    }

    /// Adds the recording routes.
    static func add(to router: inout APIRouter, store: StoreDatabase, access: AccessDirectory) {
        router.add(.get, "/api/recordings") { request throws(APIError) in
            let search = try RecordingSearch(request.query, user: request.requiredUser)
            let query = search.query
            let page = try await storing { () throws(StoreError) in try await store.searchRecordings(query) }
            let total = try await storing { () throws(StoreError) in try await store.countRecordings(query) }
            return APIJSON.response(RecordingView.Page(
                items: page.rows.map(RecordingView.init), total: total, page: search.page, pageSize: search.pageSize))
        }
        router.add(.get, "/api/recordings/:id") { request throws(APIError) in
            let interaction = try await recording(request, store)
            let id = interaction.id
            let campaignID = interaction.campaignID
            let campaign = try await storing { () throws(StoreError) in try await store.campaign(campaignID) }
            let transcript = try await storing { () throws(StoreError) in try await store.transcript(id) }
            let requeues = try await storing { () throws(StoreError) in try await store.requeues(of: id) }
            return APIJSON.response(RecordingDetailView(
                interaction, campaignName: campaign?.settings.name ?? "", transcript: transcript, requeues: requeues,
                name: { access.user($0)?.displayName }))
        }
        router.addStreaming(.get, "/api/recordings/:id/transcript.csv") { request throws(APIError) in
            let interaction = try await recording(request, store)
            let id = interaction.id
            let transcript = try await storing { () throws(StoreError) in try await store.transcript(id) }
            let head = HTTPResponse(status: .ok, headers: [
                "Content-Type": "text/csv; charset=utf-8",
                "Content-Disposition": "attachment; filename=\"transcript-\(id.rawValue).csv\"",
            ])
            // One transcript is small: built whole, sent as one chunk.
            var text = TranscriptCSV.header
            for message in transcript {
                text += TranscriptCSV.line(message, agentName: message.agentID.flatMap { access.user($0)?.displayName })
            }
            let bytes = Array(text.utf8)
            return APIStreamedResponse(head: head) { body in _ = await body.write(bytes) }
        }
        router.addStreaming(.get, "/api/recordings.csv") { request throws(APIError) in
            let query = try RecordingSearch(request.query, user: request.requiredUser).query
            let head = HTTPResponse(status: .ok, headers: [
                "Content-Type": "text/csv; charset=utf-8",
                "Content-Disposition": "attachment; filename=\"recordings.csv\"",
            ])
            return APIStreamedResponse(head: head) { body in
                let buffer = ChunkBuffer(body: body)
                // A failure half-way cannot change the status any more: the body just ends early.
                _ = try? await store.exportRecordingsCSV(query) { line in buffer.append(line) }
                await buffer.flush()
            }
        }
    }

    /// The interaction named by the path, when the caller may read it: a supervisor asking for one outside its
    /// scope gets the same 404 as for an unknown id (no guessing which ids exist).
    private static func recording(_ request: APIRequest, _ store: StoreDatabase) async throws(APIError) -> SwitchboardStore.InteractionRecord {
        let id = InteractionID(try request.id())
        let user = request.requiredUser
        guard let interaction = try await storing({ () throws(StoreError) in try await store.interaction(id) }),
              user.role == .admin || user.supervisorScopes.contains(interaction.campaignID) else {
            throw .notFound("Recording \(id)")
        }
        return interaction
    }
}
