import Foundation
import SwitchboardDomain
import SwitchboardStore

/// Template sends and outgoing conversations, shared by the live commands (`send` with a template, `startOutgoing`)
/// and `POST /api/interactions`: the 24-hour care window, template validation, and the record-then-send order
/// (the interaction and the message are committed before the provider hears of them).
struct OutgoingConversations: Sendable {
    let store: StoreDatabase
    let center: ContactCenter
    let outbound: OutboundService
    let clock: any WallClock

    /// A template filled in for one message: what the provider is sent and what the transcript shows.
    struct FilledTemplate {
        let send: TemplateSend
        let text: String
    }

    /// Whether a number is E.164: `+`, a non-zero first digit, 8 to 15 digits in all.
    static func isE164(_ number: String) -> Bool {
        let digits = number.dropFirst()
        return number.first == "+" && (8...15).contains(digits.count) && digits.allSatisfy { ("0"..."9").contains($0) }
            && digits.first != "0"
    }

    /// The campaign's template `id` with `variables` checked against it and filled in.
    func fill(template id: Int64, in campaign: CampaignID, variables: [String]) async throws(OutgoingRefusal) -> FilledTemplate {
        let found: MessageTemplate?
        do throws(StoreError) { found = try await store.template(id, of: campaign) } catch {
            throw .internalFailure("the template could not be read: \(error)")
        }
        guard let template = found else { throw .unknownTemplate(id) }
        let count = template.fields.parameterCount
        guard variables.count == count else {
            throw .invalidVariables("template \(template.fields.name) takes \(count) variable(s), \(variables.count) given")
        }
        for (n, value) in variables.enumerated() {
            if value.trimmingCharacters(in: .whitespaces).isEmpty { throw .invalidVariables("variable \(n + 1) is empty") }
            if value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                throw .invalidVariables("variable \(n + 1) holds a control character (a line break or tab)")
            }
            if value.utf8.count > 1024 { throw .invalidVariables("variable \(n + 1) is longer than 1024 bytes") }
        }
        let send = TemplateSend(name: template.fields.name, language: template.fields.language, contentSID: template.fields.contentSID,
                                parameters: variables)
        return FilledTemplate(send: send, text: template.fields.filled(with: variables))
    }

    /// Refuses free text when the customer's last message to the campaign's number is older than 24 hours.
    func requireCareWindow(campaign: CampaignID, customer: String) async throws(OutgoingRefusal) {
        let inside: Bool
        do throws(StoreError) { inside = try await store.insideCareWindow(campaign: campaign, customer: customer, at: clock.now()) } catch {
            throw .internalFailure("the care window could not be checked: \(error)")
        }
        guard inside else { throw .outsideCareWindow }
    }

    /// Records an agent's message (text or a filled-in template) in the live transcript and the outbound queue.
    func send(_ text: String, template: TemplateSend?, on interaction: InteractionID, in campaign: CampaignID, by agent: AgentID)
        async throws(OutgoingRefusal) {
        let line: TranscriptLine
        do throws(DomainError) { line = try await center.send(text, on: interaction, in: campaign, by: agent) } catch {
            throw .domain(error)
        }
        let queued: OutboundMessage
        do throws(StoreError) {
            queued = try await store.appendOutbound(NewMessage(interactionID: interaction, sender: .agent, agentID: agent, at: line.at,
                                                               body: text), lineIndex: line.index, template: template)
        } catch {
            throw .internalFailure("the message was not recorded: \(error)")
        }
        outbound.queued(queued)
    }

    /// Starts an outgoing conversation: the interaction (address `outgoing`) is recorded, held by `agent` at once, and
    /// its first message, the filled-in template, queued.
    /// - Returns: the interaction as the agent sees it.
    func start(number: String, campaign: CampaignID, template id: Int64, variables: [String], agent: AgentID)
        async throws(OutgoingRefusal) -> InteractionView {
        guard Self.isE164(number) else { throw .invalidNumber(number) }
        let record: CampaignRecord?
        do throws(StoreError) { record = try await store.campaign(campaign) } catch {
            throw .internalFailure("the campaign could not be read: \(error)")
        }
        guard let record else { throw .domain(.unknownCampaign(campaign)) }
        guard record.settings.enabled else { throw .domain(.campaignDisabled) }
        let filled = try await fill(template: id, in: campaign, variables: variables)
        let interaction: InteractionID
        do throws(StoreError) {
            interaction = try await store.startInteraction(NewInteraction(
                campaignID: campaign, providerID: record.settings.providerID, heyNowNumber: number, direction: .outgoing,
                enqueuedAt: clock.now()))
        } catch {
            throw .internalFailure("the interaction was not recorded: \(error)")
        }
        let view: InteractionView
        do throws(DomainError) {
            view = try await center.startOutgoing(interaction, in: campaign, customer: number, by: agent)
        } catch {
            _ = try? await store.discardStartedInteraction(interaction)
            throw .domain(error)
        }
        try await send(filled.text, template: filled.send, on: interaction, in: campaign, by: agent)
        do throws(StoreError) { try await store.barrier() } catch {
            throw .internalFailure("the store failed: \(error)")
        }
        return await center.directory.campaign(campaign)?.view(of: interaction) ?? view
    }
}
