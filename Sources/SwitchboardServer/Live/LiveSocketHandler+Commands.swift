import Foundation
import SwitchboardDomain
import SwitchboardNet
import SwitchboardStore

// MARK: - Commands (Public/protocol.md, "Client → server commands")

extension LiveSocketHandler {
    /// Why a command failed, mapped once to the wire's error code.
    enum Failure: Error {
        case domain(DomainError)
        case wire(code: String, message: String)

        static let forbidden = Failure.domain(.forbidden)

        init(_ refusal: OutgoingRefusal) {
            switch refusal {
            case .domain(let error): self = .domain(error)
            default: self = .wire(code: refusal.code, message: refusal.message)
            }
        }

        init(_ problem: LiveCommand.Problem) {
            switch problem {
            case .badRequest(let message): self = .wire(code: "bad_request", message: message)
            }
        }
    }

    /// What a successful command answers.
    enum Reply {
        case ack
        case result((inout JSONWriter) -> Void)
    }

    /// Runs one command and answers it with exactly one `ack` or `error` (after any snapshot or replay it causes).
    func execute(_ bytes: [UInt8], _ session: LiveSession) async {
        let command: LiveCommand
        do throws(LiveCommand.Problem) {
            command = try LiveCommand(bytes)
        } catch {
            send(PublicationEncoder.error(id: nil, code: "bad_request", message: "not a JSON object"), to: session)
            return
        }
        guard let user = access.user(forToken: session.token) else {
            // The session was revoked or expired while the socket stayed open.
            send(PublicationEncoder.error(id: command.id, code: "unauthenticated", message: "log in again"), to: session)
            net?.close(session.connection, code: .policyViolation)
            return
        }
        let caller = AccessDirectory.caller(for: user)
        registry.noteCommand(from: user.id, origin: session.origin)
        guard session.admitCommand(at: clock.now().milliseconds, rate: limits.commandsPerSecond) else {
            metrics.refused(.commandsPerSecond)
            let message = "more than \(limits.commandsPerSecond) commands a second"
            send(PublicationEncoder.error(id: command.id, code: "rate_limited", message: message), to: session)
            return
        }
        guard let id = command.id, !id.isEmpty, !Self.notRemembered.contains(command.name) else {
            send(await answer(command, caller: caller, session: session).bytes, to: session)
            return
        }
        // Ids are unique per login session: a repeat (resent after a reconnect) gets the first answer again.
        while true {
            switch ledger.claim(session: session.token, id: id) {
            case .answered(let bytes):
                send(bytes, to: session)
                return
            case .running:
                if let bytes = await ledger.answer(session: session.token, id: id) {
                    send(bytes, to: session)
                    return
                }
            case .run:
                let (bytes, repeatable) = await answer(command, caller: caller, session: session)
                if repeatable { ledger.finish(session: session.token, id: id, answer: bytes) } else { ledger.forget(session: session.token, id: id) }
                send(bytes, to: session)
                return
            }
        }
    }

    /// Commands whose effect belongs to the socket (a subscription, a spy, a screen watch) or that only stream the
    /// latest state or read: they run again when resent, and their ids are not remembered.
    static let notRemembered: Set<String> = [
        "subscribe", "unsubscribe", "spy", "unspy", "screen.start", "screen.stop", "typing", "screen.update", "info", "history",
    ]

    /// Runs a command and encodes its one `ack` or `error`; `repeatable` is false when the server failed (a retry of
    /// the same id then runs again rather than hearing the failure).
    private func answer(_ command: LiveCommand, caller: Caller, session: LiveSession) async -> (bytes: [UInt8], repeatable: Bool) {
        let id = command.id ?? ""
        do throws(Failure) {
            switch try await run(command, caller: caller, session: session) {
            case .ack: return (PublicationEncoder.ack(id: id), true)
            case .result(let body): return (PublicationEncoder.ack(id: id, result: body), true)
            }
        } catch {
            switch error {
            case .domain(let domain): return (PublicationEncoder.error(id: command.id, domain), true)
            case .wire(let code, let message):
                return (PublicationEncoder.error(id: command.id, code: code, message: message), code != "internal")
            }
        }
    }

    /// Calls the domain, turning its refusal into a `Failure`.
    private func domain<T>(_ body: () async throws(DomainError) -> T) async throws(Failure) -> T {
        do throws(DomainError) { return try await body() } catch { throw .domain(error) }
    }

    /// Waits until the store committed every effect the command caused: acknowledged means durable.
    private func committed() async throws(Failure) {
        do throws(StoreError) { try await store.barrier() } catch {
            throw .wire(code: "internal", message: "the store failed: \(error)")
        }
    }

    private func arguments<T>(_ body: () throws(LiveCommand.Problem) -> T) throws(Failure) -> T {
        do throws(LiveCommand.Problem) { return try body() } catch { throw Failure(error) }
    }

    /// Checks the command against its row of `AccessPolicy.commands` (role, then the object its arguments name):
    /// every command passes here before it runs; a command without a rule is refused.
    func authorise(_ name: LiveCommandName, _ c: LiveCommand, caller: Caller) async throws(Failure) {
        guard let rule = AccessPolicy.commands[name] else {
            throw .wire(code: "forbidden", message: "\(name.rawValue) has no rule in AccessPolicy.commands")
        }
        guard rule.audience.admits(Self.userRole(caller.role)) else { throw .forbidden }
        switch rule.scope {
        case .none, .filtered, .ownInteraction, .topic, .campaign, .interaction:
            // Own interactions: the domain checks them on the interaction; topics: `subscribe` asks `mayRead`.
            return
        case .agent(let argument):
            // An agent acts on itself only (chat with its supervisors names no agent).
            guard caller.role != .agent, caller.role != .admin else { return }
            let agent = try arguments { () throws(LiveCommand.Problem) in AgentID(try c.id64(argument)) }
            guard await center.mayRead(caller, .agent(agent)) else { throw .forbidden }
        case .campaignArgument(let argument):
            let campaign = try arguments { () throws(LiveCommand.Problem) in CampaignID(try c.id64(argument)) }
            guard caller.maySupervise(campaign: campaign) else { throw .forbidden }
        }
    }

    /// The store's role for a domain caller's.
    static func userRole(_ role: Caller.Role) -> UserRole {
        switch role {
        case .admin: .admin
        case .supervisor: .supervisor
        case .agent: .agent
        case .kiosk: .kiosk
        }
    }

    private func run(_ c: LiveCommand, caller: Caller, session: LiveSession) async throws(Failure) -> Reply {
        let me = caller.user
        if c.name.isEmpty { throw .wire(code: "bad_request", message: "cmd must be a string") }
        guard let name = LiveCommandName(rawValue: c.name) else { throw .wire(code: "unknown_command", message: c.name) }
        try await authorise(name, c, caller: caller)
        switch name {
        case .subscribe:
            let (name, after, window) = try arguments { () throws(LiveCommand.Problem) in
                var after = try c.optionalUInt64("after")
                if after == nil { after = try c.optionalUInt64("lastSeq") }
                return (try c.string("topic"), after, try c.optionalUInt64("window"))
            }
            if let window, !RollingWindowFigures.lengths.contains(Int(clamping: window)) {
                throw .wire(code: "bad_request", message: "window must be 15, 30 or 60 (minutes)")
            }
            try await subscribe(name, after: after, window: window.map { Int($0) }, caller: caller, session: session)
            return .ack
        case .unsubscribe:
            let name = try arguments { () throws(LiveCommand.Problem) in try c.string("topic") }
            guard let topic = Topic(name) else { throw .wire(code: "unknown_topic", message: name) }
            if topic == .wallboard, let joined = session.joinedWallboard(nil) {
                leave(session, joined)
            } else {
                leave(session, netTopic(topic, caller: caller))
            }
            return .ack

        // Agent commands.
        case .login:
            try await domain { () throws(DomainError) in try await center.login(me) }
            try await committed()
            return .ack
        case .logout:
            try await domain { () throws(DomainError) in try await center.logout(me) }
            try await committed()
            return .ack
        case .status:
            let reason = try arguments { () throws(LiveCommand.Problem) in try c.optionalString("paused") }
            try await domain { () throws(DomainError) in try await center.setPaused(me, reason: reason) }
            try await committed()
            return .ack
        case .take:
            let (i, k) = try interactionArguments(c)
            let view = try await domain { () throws(DomainError) in try await center.take(i, in: k, by: me) }
            try await committed()
            return .result { PublicationEncoder.interactionResult(view, into: &$0) }
        case .decline:
            let (i, k) = try interactionArguments(c)
            try await domain { () throws(DomainError) in try await center.decline(i, in: k, by: me) }
            try await committed()
            return .ack
        case .send:
            let (i, k) = try interactionArguments(c)
            let (text, template, variables) = try arguments { () throws(LiveCommand.Problem) in
                (try c.optionalString("text"), try c.optionalID64("template"), try c.strings("variables"))
            }
            let outgoing = OutgoingConversations(store: store, center: center, outbound: outbound, clock: clock)
            if let template {
                // A template may go at any time: it is what reopens the 24-hour window.
                do throws(OutgoingRefusal) {
                    let filled = try await outgoing.fill(template: template, in: k, variables: variables)
                    try await outgoing.send(filled.text, template: filled.send, on: i, in: k, by: me)
                } catch {
                    throw Failure(error)
                }
                return .ack
            }
            guard let text else { throw .wire(code: "bad_request", message: "text must be a string (or give a template)") }
            guard !text.isEmpty, text.utf8.count <= 4096 else { throw .domain(.invalidText) }
            let scope = try await domain { () throws(DomainError) in try await center.historyScope(of: i, in: k, for: me) }
            do throws(OutgoingRefusal) {
                try await outgoing.requireCareWindow(campaign: k, customer: scope.customer)
                try await outgoing.send(text, template: nil, on: i, in: k, by: me)
            } catch {
                throw Failure(error)
            }
            return .ack
        case .startOutgoing:
            let (k, number, template, variables, agentArgument) = try arguments { () throws(LiveCommand.Problem) in
                (CampaignID(try c.id64("campaign")), try c.string("number"), try c.id64("template"), try c.strings("variables"),
                 try c.optionalID64("agent"))
            }
            // An agent starts its own; a supervisor (or administrator) starts one for an agent of a campaign it supervises.
            let agent: AgentID
            if caller.role == .agent {
                agent = me
            } else {
                guard let agentArgument else { throw .wire(code: "bad_request", message: "agent must be an id (the agent who will hold it)") }
                guard caller.maySupervise(campaign: k) else { throw .forbidden }
                agent = AgentID(agentArgument)
            }
            let outgoing = OutgoingConversations(store: store, center: center, outbound: outbound, clock: clock)
            let view: InteractionView
            do throws(OutgoingRefusal) {
                view = try await outgoing.start(number: number, campaign: k, template: template, variables: variables, agent: agent)
            } catch {
                throw Failure(error)
            }
            return .result { PublicationEncoder.interactionResult(view, into: &$0) }
        case .retrySend:
            let (i, k) = try interactionArguments(c)
            let index = try arguments { () throws(LiveCommand.Problem) in try c.int("index", default: -1) }
            guard index >= 0 else { throw .wire(code: "bad_request", message: "index must be a message's index (0 or more)") }
            _ = try await domain { () throws(DomainError) in try await center.historyScope(of: i, in: k, for: me) }   // held by me
            let (queued, update): (OutboundMessage, DeliveryUpdate)
            do throws(StoreError) {
                (queued, update) = try await store.retryOutbound(interaction: i, lineIndex: index, agent: me, at: clock.now())
            } catch {
                switch error {
                case .notFound: throw .wire(code: "unknown_message", message: "no message \(index) of yours in interaction \(i)")
                case .conflict: throw .wire(code: "not_failed", message: "message \(index) has not failed")
                default: throw .wire(code: "internal", message: "the message was not queued again: \(error)")
                }
            }
            await center.delivery(update)
            outbound.queued(queued)
            return .ack
        case .close:
            let (i, k) = try interactionArguments(c)
            let (subject, disposition) = try closingArguments(c)
            try await domain { () throws(DomainError) in
                try await center.close(i, in: k, by: me, subject: subject, disposition: disposition)
            }
            try await committed()
            return .ack
        case .history:
            let (i, k) = try interactionArguments(c)
            let scope = try await domain { () throws(DomainError) in try await center.historyScope(of: i, in: k, for: me) }
            let past: [PastInteraction]
            do throws(StoreError) {
                past = try await store.previousInteractions(before: i, customer: scope.customer, in: scope.campaigns)
            } catch {
                throw .wire(code: "internal", message: "the history could not be read: \(error)")
            }
            return .result { PublicationEncoder.historyResult(past, into: &$0) }
        case .typing:
            let (i, k) = try interactionArguments(c)
            let draft = try arguments { () throws(LiveCommand.Problem) in try c.string("draft") }
            try await domain { () throws(DomainError) in try await center.typing(draft, on: i, in: k, by: me) }
            return .ack
        case .screenUpdate:
            let (interaction, scroll, draft) = try arguments { () throws(LiveCommand.Problem) in
                (try c.optionalID64("interaction"), try c.int("scroll", default: 0), try c.optionalString("draft") ?? "")
            }
            let screen = ScreenState(agent: me, interaction: interaction.map(InteractionID.init), scroll: scroll, draft: draft, at: clock.now())
            try await domain { () throws(DomainError) in try await center.updateScreen(screen) }
            return .ack
        case .chat:
            let text = try arguments { () throws(LiveCommand.Problem) in try c.string("text") }
            let line: ChatLine
            if caller.role == .agent {
                line = try await domain { () throws(DomainError) in try await center.agentChat(me, text: text) }
            } else {
                let agent = try agentArgument(c)
                line = try await domain { () throws(DomainError) in try await center.chat(caller, agent: agent, text: text) }
            }
            try await committed()
            return .result { PublicationEncoder.chatResult(line, into: &$0) }

        // Supervisor commands.
        case .spy:
            let (i, k) = try interactionArguments(c)
            guard caller.maySupervise(campaign: k) else { throw .forbidden }
            let topic = gateway.topicID(.interaction(i))
            try requireRoom(for: topic, session)
            let fresh = !session.isSpying(i)
            if fresh && !watches.reserve(.spy, for: me, limit: limits.spiesPerSupervisor) {
                metrics.refused(.spiesPerSupervisor)
                throw .wire(code: "limit_reached", message: "at most \(limits.spiesPerSupervisor) spies at once")
            }
            join(session, topic)   // before the snapshot: no delta falls between
            let snapshot: Publication
            do throws(DomainError) {
                snapshot = try await center.spy(caller, on: i, in: k)
            } catch {
                leave(session, topic)
                if fresh { watches.release(.spy, for: me) }
                throw .domain(error)
            }
            session.spying(i, in: k, true)
            send(snapshot, to: session)
            try await committed()
            return .ack
        case .unspy:
            let (i, k) = try interactionArguments(c)
            let agent = try arguments { () throws(LiveCommand.Problem) in try c.optionalID64("agent") }
            try await domain { () throws(DomainError) in try await center.unspy(caller, on: i, in: k, agent: agent.map(AgentID.init)) }
            leave(session, gateway.topicID(.interaction(i)))
            if session.spying(i, in: k, false) { watches.release(.spy, for: me) }
            return .ack
        case .pause:
            let agent = try agentArgument(c)
            let reason = try arguments { () throws(LiveCommand.Problem) in try c.string("reason") }
            try await domain { () throws(DomainError) in try await center.pause(caller, agent: agent, reason: reason) }
            try await committed()
            return .ack
        case .resume:
            let agent = try agentArgument(c)
            try await domain { () throws(DomainError) in try await center.resume(caller, agent: agent) }
            try await committed()
            return .ack
        case .disconnect:
            let agent = try agentArgument(c)
            let requeued = try await domain { () throws(DomainError) in try await center.disconnect(caller, agent: agent) }
            try await committed()
            return .result { w in
                w.beginObject()
                w.key("requeued"); w.int(requeued)
                w.endObject()
            }
        case .info:
            let agent = try agentArgument(c)
            let info = try await domain { () throws(DomainError) in try await center.info(caller, agent: agent) }
            return .result { PublicationEncoder.infoResult(info, into: &$0) }
        case .screenStart:
            let agent = try agentArgument(c)
            let topic = gateway.topicID(.screen(agent))
            try requireRoom(for: topic, session)
            let fresh = !session.isWatching(agent)
            if fresh && !watches.reserve(.screen, for: me, limit: limits.screensPerSupervisor) {
                metrics.refused(.screensPerSupervisor)
                throw .wire(code: "limit_reached", message: "at most \(limits.screensPerSupervisor) screens watched at once")
            }
            join(session, topic)
            let snapshot: Publication?
            do throws(DomainError) {
                snapshot = try await center.screenStart(caller, agent: agent)
            } catch {
                leave(session, topic)
                if fresh { watches.release(.screen, for: me) }
                throw .domain(error)
            }
            session.watching(agent, true)
            if let snapshot { send(snapshot, to: session) }
            return .ack
        case .screenStop:
            let agent = try agentArgument(c)
            try await domain { () throws(DomainError) in try await center.screenStop(caller, agent: agent) }
            leave(session, gateway.topicID(.screen(agent)))
            if session.isWatching(agent) { watches.release(.screen, for: me) }
            session.watching(agent, false)
            return .ack
        }
    }

    /// Refuses a new topic past `LiveLimits.subscriptionsPerConnection` (`limit_reached`; counted).
    private func requireRoom(for topic: TopicID, _ session: LiveSession) throws(Failure) {
        guard session.mayJoin(topic, limit: limits.subscriptionsPerConnection) else {
            metrics.refused(.subscriptionsPerConnection)
            throw .wire(code: "limit_reached", message: "at most \(limits.subscriptionsPerConnection) subscriptions per connection")
        }
    }

    private func interactionArguments(_ c: LiveCommand) throws(Failure) -> (InteractionID, CampaignID) {
        try arguments { () throws(LiveCommand.Problem) in (InteractionID(try c.id64("interaction")), CampaignID(try c.id64("campaign"))) }
    }

    /// The longest subject a close may carry (characters; the automatic subject is cut at the same length).
    static let subjectLimit = 200
    /// The longest disposition.
    static let dispositionLimit = 100

    /// `close`'s optional `subject` and `disposition`: trimmed, empty means none, too long is `bad_request`.
    private func closingArguments(_ c: LiveCommand) throws(Failure) -> (subject: String?, disposition: String?) {
        let (subject, disposition) = try arguments { () throws(LiveCommand.Problem) in
            (try c.optionalString("subject"), try c.optionalString("disposition"))
        }
        func cleaned(_ text: String?, _ name: String, limit: Int) throws(Failure) -> String? {
            guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
            guard text.count <= limit else { throw .wire(code: "bad_request", message: "\(name) is longer than \(limit) characters") }
            return text
        }
        return (try cleaned(subject, "subject", limit: Self.subjectLimit), try cleaned(disposition, "disposition", limit: Self.dispositionLimit))
    }

    private func agentArgument(_ c: LiveCommand) throws(Failure) -> AgentID {
        try arguments { () throws(LiveCommand.Problem) in AgentID(try c.id64("agent")) }
    }

    /// What a caller's wallboard shows: supervisors and kiosks their scope (kiosks without the agent grid); `window`
    /// minutes, or each campaign's window.
    func wallboardView(_ caller: Caller, window: Int?) -> WallboardView {
        WallboardView(campaigns: caller.role == .admin ? nil : caller.campaigns, windowMinutes: window, showsAgents: caller.role != .kiosk)
    }

    /// The Net topic a caller receives a domain topic on: the wallboard of its group (scope, window).
    func netTopic(_ topic: Topic, caller: Caller, window: Int? = nil) -> TopicID {
        if topic == .wallboard { return gateway.wallboardTopic(for: wallboardView(caller, window: window)) }
        return gateway.topicID(topic)
    }

    /// Subscribes, then answers with a replay from the ring (when `after` is given and the ring reaches back) or a
    /// snapshot. The connection joins the Net topic first, so no delta falls between the snapshot and the live
    /// deltas; some may overtake the answer, and the client drops those with seq <= the snapshot's.
    /// A wallboard subscription names its window (15, 30 or 60 minutes; DECISIONS.md); subscribing again with another
    /// window moves the socket to that group.
    private func subscribe(_ name: String, after: UInt64?, window: Int?, caller: Caller, session: LiveSession) async throws(Failure) {
        guard let topic = Topic(name) else { throw .wire(code: "unknown_topic", message: name) }
        switch topic {
        case .interaction, .screen: throw .forbidden   // through spy and screen.start
        default: break
        }
        guard await center.mayRead(caller, topic) else { throw .forbidden }
        let net = netTopic(topic, caller: caller, window: window)
        // A wallboard subscribed again with another window replaces the socket's wallboard: no extra room needed.
        if topic != .wallboard || session.currentWallboard == nil { try requireRoom(for: net, session) }
        if topic == .wallboard, let previous = session.joinedWallboard(net), previous != net { leave(session, previous) }
        join(session, net)
        let view = topic == .wallboard ? wallboardView(caller, window: window) : .everything
        if let after {
            switch center.resume(topic, after: after) {
            case .upToDate: return
            case .replay(let deltas):
                for delta in deltas { send(delta, view: view, to: session) }
                return
            case .snapshotNeeded: break
            }
        }
        guard let snapshot = await center.snapshot(of: topic) else {
            leave(session, net)
            switch topic {
            case .campaign(let id): throw .domain(.unknownCampaign(id))
            case .agent(let id), .chat(let id), .inbox(let id), .screen(let id): throw .domain(.unknownAgent(id))
            case .interaction(let id): throw .domain(.unknownInteraction(id))
            case .wallboard: throw .wire(code: "internal", message: "no wallboard")
            }
        }
        send(snapshot, view: view, to: session)
    }
}
