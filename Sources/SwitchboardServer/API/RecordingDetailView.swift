import SwitchboardDomain
import SwitchboardStore

/// One recorded interaction with every timestamp (epoch milliseconds) and its transcript.
struct RecordingDetailView: Encodable {
    /// A transcript line.
    struct Message: Encodable {
        let id: Int64
        /// `customer`, `agent` or `system`.
        let sender: String
        let agentId: Int64?
        /// The agent's display name, for agent messages.
        let agentName: String?
        let at: Int64
        let body: String
        /// Delivery state reported by the provider.
        let delivery: String?
        /// Why it failed (`delivery` is `failed`).
        let deliveryReason: String?
        /// The media the provider holds for it (image, video, audio, document, sticker), fetched through `/api/media/{id}`.
        let media: TranscriptMedia?

        /// The view of a stored message.
        init(_ message: MessageRecord, agentName: String?) {
            id = message.id.rawValue
            sender = message.sender.rawValue
            agentId = message.agentID?.rawValue
            self.agentName = agentName
            at = message.at.milliseconds
            body = message.body
            delivery = message.delivery
            deliveryReason = message.deliveryReason
            media = TranscriptMedia(content: message.content)
        }
    }

    let id: Int64
    let campaignId: Int64
    let campaignName: String
    let providerId: Int64?
    let number: String
    let address: String
    let state: String
    let agentId: Int64?
    let agentName: String?
    let subject: String?
    /// The outcome the agent chose when closing it.
    let disposition: String?
    let enqueuedAt: Int64
    let firstTakenAt: Int64?
    let takenAt: Int64?
    let firstAgentReplyAt: Int64?
    let closedAt: Int64?
    let abandonedAt: Int64?
    let messageCount: Int
    let lastMessageAt: Int64?
    let transcript: [Message]
    /// Enqueued, taken, requeued, closed or abandoned, with who.
    let timeline: [RecordingTimeline.Step]

    /// The view of an interaction, its campaign's name, its messages and requeues; `name` gives an agent's name.
    init(_ interaction: SwitchboardStore.InteractionRecord, campaignName: String, transcript: [MessageRecord], requeues: [RequeueRecord],
         name: (AgentID) -> String?) {
        id = interaction.id.rawValue
        campaignId = interaction.campaignID.rawValue
        self.campaignName = campaignName
        providerId = interaction.providerID?.rawValue
        number = interaction.heyNowNumber
        address = interaction.direction.rawValue
        state = interaction.state.rawValue
        agentId = interaction.agentID?.rawValue
        agentName = interaction.agentID.flatMap(name)
        subject = interaction.subject
        disposition = interaction.disposition
        enqueuedAt = interaction.enqueuedAt.milliseconds
        firstTakenAt = interaction.firstTakenAt?.milliseconds
        takenAt = interaction.takenAt?.milliseconds
        firstAgentReplyAt = interaction.firstAgentReplyAt?.milliseconds
        closedAt = interaction.closedAt?.milliseconds
        abandonedAt = interaction.abandonedAt?.milliseconds
        messageCount = interaction.messageCount
        lastMessageAt = interaction.lastMessageAt?.milliseconds
        self.transcript = transcript.map { Message($0, agentName: $0.agentID.flatMap(name)) }
        timeline = RecordingTimeline(interaction, requeues: requeues, name: name).steps
    }
}
