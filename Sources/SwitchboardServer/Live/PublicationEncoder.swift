import SwitchboardDomain
import SwitchboardStore

/// Turns a hub publication (and command replies) into one JSON buffer, exactly as Public/protocol.md specifies.
/// Encoded once per publication; the network core writes the same bytes to every subscriber.
struct PublicationEncoder {
    /// Encodes `{"type":"snapshot"|"delta","topic":…,"seq":…,"data":{"kind":…}}`.
    /// - Parameters:
    ///   - publication: what the hub produced.
    ///   - view: for wallboard publications, the campaigns the receivers may see and their window.
    /// - Returns: the UTF-8 JSON text.
    static func encode(_ publication: Publication, view: WallboardView = .everything) -> [UInt8] {
        var w = JSONWriter(capacity: 256)
        w.beginObject()
        w.key("type")
        w.string(publication.kind == .snapshot ? "snapshot" : "delta")
        w.key("topic")
        w.string(publication.topic.description)
        w.key("seq")
        w.int(Int64(truncatingIfNeeded: publication.seq))
        w.key("data")
        let shape = FiguresShape(windowMinutes: view.windowMinutes, fullTrend: publication.kind == .snapshot)
        payload(publication.payload, view: view, shape: shape, into: &w)
        w.endObject()
        return w.bytes
    }

    /// Encodes `{"type":"ack","id":…}` for a command that succeeded.
    static func ack(id: String) -> [UInt8] {
        var w = JSONWriter(capacity: 32)
        w.beginObject()
        w.key("type"); w.string("ack")
        w.key("id"); w.string(id)
        w.endObject()
        return w.bytes
    }

    /// Encodes `{"type":"error","id":…,"code":…,"message":…}`.
    static func error(id: String?, code: String, message: String) -> [UInt8] {
        var w = JSONWriter(capacity: 64)
        w.beginObject()
        w.key("type"); w.string("error")
        w.key("id")
        if let id { w.string(id) } else { w.null() }
        w.key("code"); w.string(code)
        w.key("message"); w.string(message)
        w.endObject()
        return w.bytes
    }

    /// Encodes a domain refusal as an error reply.
    static func error(id: String?, _ error: DomainError) -> [UInt8] { self.error(id: id, code: error.code, message: "\(error)") }

    // MARK: - Payloads

    /// How figures are written: which rolling window, and the whole trend of today (snapshots) or only its running
    /// interval (deltas: the client keeps the rest).
    private struct FiguresShape {
        var windowMinutes: Int?
        var fullTrend: Bool
    }

    private static func payload(_ payload: LivePayload, view board: WallboardView, shape: FiguresShape, into w: inout JSONWriter) {
        w.beginObject()
        w.key("kind")
        switch payload {
        case .wallboard(let all, let agents):
            w.string("wallboard")
            w.key("campaigns")
            w.beginArray()
            for f in all where board.shows(f.campaign) { figures(f, shape, into: &w) }
            w.endArray()
            w.key("agents")
            w.beginArray()
            if board.showsAgents { for row in agents { agentRow(row, board, into: &w) } }
            w.endArray()
        case .alert(let a) where !board.shows(a.campaign):
            // A scoped wallboard must not learn of other campaigns, yet keeps its gap-free seq: an empty delta.
            w.string("wallboard")
            w.key("campaigns")
            w.beginArray()
            w.endArray()
        case .alert(let a):
            w.string("alert")
            w.key("campaign"); w.int(a.campaign.rawValue)
            w.key("metric"); w.string(a.metric.rawValue)
            w.key("level"); w.string(a.level.name)
            w.key("previous"); w.string(a.previous.name)
            w.key("value"); w.double(a.value)
            w.key("at"); w.int(a.at.milliseconds)
        case .campaign(let f, let list):
            w.string("campaign")
            w.key("figures"); figures(f, shape, into: &w)
            w.key("waiting")
            w.beginArray()
            for e in list { entry(e, into: &w) }
            w.endArray()
        case .figures(let f):
            w.string("figures")
            w.key("figures"); figures(f, shape, into: &w)
        case .queued(let e):
            w.string("queued")
            w.key("entry"); entry(e, into: &w)
        case .dequeued(let id, let reason):
            w.string("dequeued")
            w.key("interaction"); w.int(id.rawValue)
            w.key("reason"); w.string(reason.rawValue)
        case .presence(let p):
            w.string("presence")
            presence(p, into: &w)
        case .load(let l):
            w.string("load")
            w.key("agent"); w.int(l.agent.rawValue)
            w.key("active"); w.int(l.active)
            w.key("at"); w.int(l.at.milliseconds)
        case .interaction(let v):
            w.string("interaction")
            w.key("interaction"); view(v, into: &w)
        case .message(let line):
            w.string("message")
            w.key("message"); message(line, into: &w)
        case .typing(let id, let draft):
            w.string("typing")
            w.key("interaction"); w.int(id.rawValue)
            w.key("draft"); w.string(draft)
        case .phase(let id, let phase, let agent):
            w.string("phase")
            w.key("interaction"); w.int(id.rawValue)
            w.key("phase"); w.string(phase.rawValue)
            w.key("agent")
            if let agent { w.int(agent.rawValue) } else { w.null() }
        case .inbox(let agent, let views):
            w.string("inbox")
            w.key("agent"); w.int(agent.rawValue)
            w.key("interactions")
            w.beginArray()
            for v in views { view(v, into: &w) }
            w.endArray()
        case .chatHistory(let agent, let lines):
            w.string("chatHistory")
            w.key("agent"); w.int(agent.rawValue)
            w.key("lines")
            w.beginArray()
            for l in lines { chat(l, into: &w) }
            w.endArray()
        case .chat(let line):
            w.string("chat")
            w.key("line"); chat(line, into: &w)
        case .screen(let s):
            w.string("screen")
            w.key("agent"); w.int(s.agent.rawValue)
            w.key("interaction")
            if let i = s.interaction { w.int(i.rawValue) } else { w.null() }
            w.key("scroll"); w.int(s.scroll)
            w.key("draft"); w.string(s.draft)
            w.key("at"); w.int(s.at.milliseconds)
        case .screenWatch(let agent, let watching):
            w.string("screenWatch")
            w.key("agent"); w.int(agent.rawValue)
            w.key("watching"); w.bool(watching)
        case .delivery(let d):
            w.string("delivery")
            w.key("interaction"); w.int(d.interaction.rawValue)
            w.key("index"); w.int(d.index)
            w.key("state"); w.string(d.state.rawValue)
            w.key("error")
            if let reason = d.reason { w.string(reason) } else { w.null() }
            w.key("at"); w.int(d.at.milliseconds)
        }
        w.endObject()
    }

    private static func figures(_ f: CampaignFigures, _ shape: FiguresShape, into w: inout JSONWriter) {
        w.beginObject()
        w.key("campaign"); w.int(f.campaign.rawValue)
        w.key("name"); w.string(f.name)
        w.key("at"); w.int(f.at.milliseconds)
        w.key("enabled"); w.bool(f.enabled)
        w.key("waiting"); w.int(f.waiting)
        w.key("longestWait"); w.double(f.longestWait)
        w.key("oldestEnqueuedAt")
        if let t = f.oldestEnqueuedAt { w.int(t.milliseconds) } else { w.null() }
        w.key("active"); w.int(f.active)
        w.key("agents")
        w.beginObject()
        w.key("loggedIn"); w.int(f.agentsLoggedIn)
        w.key("available"); w.int(f.agentsAvailable)
        w.key("busy"); w.int(f.agentsBusy)
        w.key("paused"); w.int(f.agentsPaused)
        w.endObject()
        w.key("freeSlots"); w.int(f.freeSlots)
        w.key("occupancy"); w.double(f.occupancy)
        w.key("today"); interval(f.today, into: &w)
        let minutes = shape.windowMinutes ?? f.windowMinutes
        let (window, windowLevels) = f.window(minutes: minutes)
        w.key("window"); interval(window, into: &w)
        w.key("windowMinutes"); w.int(minutes)
        w.key("levels"); levels(f.levels, into: &w)
        w.key("windowLevels"); levels(windowLevels, into: &w)
        if shape.fullTrend {
            w.key("trend")
            w.beginArray()
            for point in f.trend { trendPoint(point, into: &w) }
            if let now = f.trendNow { trendPoint(now, into: &w) }
            w.endArray()
        }
        w.key("interval")
        if let now = f.trendNow { trendPoint(now, into: &w) } else { w.null() }
        w.endObject()
    }

    /// A grid row, as much as `board` may see: only agents of its campaigns, figures summed over those campaigns.
    /// An administrator's board also lists agents without campaigns (with an empty list: the page drops them).
    private static func agentRow(_ row: AgentRow, _ board: WallboardView, into w: inout JSONWriter) {
        let visible = row.campaigns.keys.filter { board.shows($0) }.sorted()
        if visible.isEmpty && board.campaigns != nil { return }
        w.beginObject()
        w.key("agent"); w.int(row.agent.rawValue)
        w.key("name"); w.string(row.name)
        w.key("campaigns")
        w.beginArray()
        for id in visible { w.int(id.rawValue) }
        w.endArray()
        w.key("maximum"); w.int(visible.map { row.campaigns[$0] ?? 0 }.max() ?? 0)
        let presence = row.presence ?? AgentPresence(agent: row.agent, status: .offline, since: Timestamp(milliseconds: 0), active: 0)
        w.key("status"); w.string(presence.status.name)
        w.key("reason")
        if case .paused(let reason, _) = presence.status { w.string(reason) } else { w.null() }
        w.key("since")
        if row.presence == nil { w.null() } else { w.int(presence.since.milliseconds) }
        w.key("active"); w.int(presence.active)
        let today = row.today { board.shows($0) }
        w.key("today")
        w.beginObject()
        w.key("handled"); w.int(today.handled)
        w.key("aht"); w.double(today.aht)
        w.key("firstResponse"); w.double(today.firstResponse)
        w.endObject()
        w.endObject()
    }

    private static func levels(_ levels: AlertLevels, into w: inout JSONWriter) {
        w.beginObject()
        for metric in ThresholdMetric.allCases {
            w.key(metric.rawValue)
            w.string(levels[metric].name)
        }
        w.endObject()
    }

    private static func trendPoint(_ p: TrendPoint, into w: inout JSONWriter) {
        w.beginObject()
        w.key("start"); w.int(p.start.milliseconds)
        w.key("offered"); w.int(p.offered)
        w.key("answered"); w.int(p.answered)
        w.key("abandoned"); w.int(p.abandoned)
        w.key("serviceLevel"); w.double(p.serviceLevel)
        w.endObject()
    }

    private static func interval(_ i: IntervalFigures, into w: inout JSONWriter) {
        w.beginObject()
        w.key("offered"); w.int(i.offered)
        w.key("answered"); w.int(i.answered)
        w.key("answeredWithinT"); w.int(i.answeredWithinT)
        w.key("abandoned"); w.int(i.abandoned)
        w.key("shortAbandoned"); w.int(i.shortAbandoned)
        w.key("abandonedWithinT"); w.int(i.abandonedWithinT)
        w.key("closed"); w.int(i.closed)
        w.key("serviceLevel"); w.double(i.serviceLevel)
        w.key("serviceLevelWithAbandoned"); w.double(i.serviceLevelWithAbandoned)
        w.key("abandonRate"); w.double(i.abandonRate)
        w.key("asa"); w.double(i.asa)
        w.key("averageAbandonTime"); w.double(i.averageAbandonTime)
        w.key("maxWait"); w.double(i.maxWait)
        w.key("aht"); w.double(i.aht)
        w.key("firstResponse")
        w.beginObject()
        w.key("mean"); w.double(i.firstResponseMean)
        w.key("median"); w.double(i.firstResponseMedian)
        w.key("p90"); w.double(i.firstResponseP90)
        w.endObject()
        w.endObject()
    }

    private static func entry(_ e: WaitingEntry, into w: inout JSONWriter) {
        w.beginObject()
        w.key("interaction"); w.int(e.interaction.rawValue)
        w.key("campaign"); w.int(e.campaign.rawValue)
        w.key("customer"); w.string(e.customer)
        w.key("enqueuedAt"); w.int(e.enqueuedAt.milliseconds)
        w.key("requeued"); w.bool(e.requeued)
        w.endObject()
    }

    private static func presence(_ p: AgentPresence, into w: inout JSONWriter) {
        w.key("agent"); w.int(p.agent.rawValue)
        w.key("status"); w.string(p.status.name)
        w.key("reason")
        if case .paused(let reason, _) = p.status { w.string(reason) } else { w.null() }
        w.key("since"); w.int(p.since.milliseconds)
        w.key("active"); w.int(p.active)
    }

    private static func view(_ v: InteractionView, into w: inout JSONWriter) {
        w.beginObject()
        w.key("id"); w.int(v.id.rawValue)
        w.key("campaign"); w.int(v.campaign.rawValue)
        w.key("customer"); w.string(v.customer)
        w.key("phase"); w.string(v.phase.rawValue)
        w.key("agent")
        if let a = v.agent { w.int(a.rawValue) } else { w.null() }
        w.key("enqueuedAt"); w.int(v.enqueuedAt.milliseconds)
        w.key("takenAt")
        if let t = v.takenAt { w.int(t.milliseconds) } else { w.null() }
        w.key("draft"); w.string(v.draft)
        w.key("reservedUntil")
        if let r = v.reservedUntil { w.int(r.milliseconds) } else { w.null() }
        w.key("transcript")
        w.beginArray()
        for line in v.transcript { message(line, into: &w) }
        w.endArray()
        w.endObject()
    }

    /// A line's `media` object (only the fields it has).
    private static func media(_ media: LineMedia, into w: inout JSONWriter) {
        w.key("media")
        w.beginObject()
        w.key("type"); w.string(media.type)
        if let caption = media.caption { w.key("caption"); w.string(caption) }
        if let fileName = media.fileName { w.key("fileName"); w.string(fileName) }
        if let latitude = media.latitude { w.key("latitude"); w.double(latitude) }
        if let longitude = media.longitude { w.key("longitude"); w.double(longitude) }
        if let name = media.name { w.key("name"); w.string(name) }
        w.endObject()
    }

    private static func message(_ m: TranscriptLine, into w: inout JSONWriter) {
        w.beginObject()
        w.key("interaction"); w.int(m.interaction.rawValue)
        w.key("index"); w.int(m.index)
        switch m.author {
        case .customer:
            w.key("author"); w.string("customer")
        case .agent(let a):
            w.key("author"); w.string("agent")
            w.key("agent"); w.int(a.rawValue)
        }
        w.key("text"); w.string(m.text)
        w.key("at"); w.int(m.at.milliseconds)
        if let messageID = m.messageID { w.key("id"); w.int(messageID) }
        if let media = m.media { Self.media(media, into: &w) }
        if let delivery = m.delivery {
            w.key("delivery"); w.string(delivery.rawValue)
            if let reason = m.deliveryReason { w.key("deliveryError"); w.string(reason) }
        }
        w.endObject()
    }

    private static func chat(_ c: ChatLine, into w: inout JSONWriter) {
        w.beginObject()
        w.key("agent"); w.int(c.agent.rawValue)
        w.key("index"); w.int(c.index)
        switch c.author {
        case .agent:
            w.key("author"); w.string("agent")
        case .supervisor(let user):
            w.key("author"); w.string("supervisor")
            w.key("supervisor"); w.int(user.rawValue)
        }
        w.key("text"); w.string(c.text)
        w.key("at"); w.int(c.at.milliseconds)
        w.endObject()
    }
}

// MARK: - Command results

extension PublicationEncoder {
    /// Encodes `{"type":"ack","id":…,"result":…}` with `result` written by `body`.
    static func ack(id: String, result body: (inout JSONWriter) -> Void) -> [UInt8] {
        var w = JSONWriter(capacity: 256)
        w.beginObject()
        w.key("type"); w.string("ack")
        w.key("id"); w.string(id)
        w.key("result")
        body(&w)
        w.endObject()
        return w.bytes
    }

    /// Writes `{"interaction":{…}}` (the `take` result).
    static func interactionResult(_ v: InteractionView, into w: inout JSONWriter) {
        w.beginObject()
        w.key("interaction"); view(v, into: &w)
        w.endObject()
    }

    /// Writes `{"line":{…}}` (the `chat` result).
    static func chatResult(_ line: ChatLine, into w: inout JSONWriter) {
        w.beginObject()
        w.key("line"); chat(line, into: &w)
        w.endObject()
    }

    /// Writes the `history` result: `{"interactions":[{…, "messages":[…]}]}`, newest first (protocol.md).
    static func historyResult(_ past: [PastInteraction], into w: inout JSONWriter) {
        w.beginObject()
        w.key("interactions")
        w.beginArray()
        for p in past {
            w.beginObject()
            w.key("id"); w.int(p.id.rawValue)
            w.key("campaign"); w.int(p.campaignID.rawValue)
            w.key("date"); w.int(p.date.milliseconds)
            w.key("address"); w.string(p.address.rawValue)
            w.key("state"); w.string(p.state.rawValue)
            w.key("agent")
            if let a = p.agentID { w.int(a.rawValue) } else { w.null() }
            w.key("subject")
            if let s = p.subject { w.string(s) } else { w.null() }
            w.key("disposition")
            if let d = p.disposition { w.string(d) } else { w.null() }
            w.key("messageCount"); w.int(p.messageCount)
            w.key("messages")
            w.beginArray()
            for m in p.messages {
                w.beginObject()
                w.key("author"); w.string(m.sender.rawValue)
                if let a = m.agentID { w.key("agent"); w.int(a.rawValue) }
                w.key("text"); w.string(m.body)
                w.key("at"); w.int(m.at.milliseconds)
                w.endObject()
            }
            w.endArray()
            w.endObject()
        }
        w.endArray()
        w.endObject()
    }

    /// Writes the `info` result (protocol.md).
    static func infoResult(_ info: AgentInfo, into w: inout JSONWriter) {
        w.beginObject()
        w.key("agent"); w.int(info.agent.rawValue)
        w.key("name"); w.string(info.name)
        w.key("presence")
        w.beginObject()
        presence(info.presence, into: &w)
        w.endObject()
        w.key("today")
        w.beginObject()
        w.key("handled"); w.int(info.today.handled)
        w.key("aht"); w.double(info.today.aht)
        w.key("firstResponse"); w.double(info.today.firstResponse)
        w.endObject()
        w.key("loggedIn"); w.int(info.loggedInMilliseconds)
        w.key("paused")
        w.beginObject()
        for (reason, ms) in info.pausedMilliseconds.sorted(by: { $0.key < $1.key }) {
            w.key(reason)
            w.int(ms)
        }
        w.endObject()
        w.key("campaigns")
        w.beginArray()
        for c in info.campaigns { w.int(c.rawValue) }
        w.endArray()
        w.key("interactions")
        w.beginArray()
        for v in info.interactions { view(v, into: &w) }
        w.endArray()
        w.key("monitorScreen"); w.bool(info.monitorScreen)
        w.endObject()
    }
}
