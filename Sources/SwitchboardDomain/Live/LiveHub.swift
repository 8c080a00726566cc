import SwitchboardSync

/// The live-update hub: stamps per-topic sequence numbers, keeps a replay ring per topic, coalesces the wallboard and
/// hands every broadcast to a `PublicationSink`. Topics are spread over lock shards so actors publish without a hop.
public final class LiveHub: Sendable {
    /// How a resuming client catches up.
    public enum Resume: Sendable {
        /// Nothing was missed.
        case upToDate
        /// These deltas (seq > the client's last, in order) fill the gap.
        case replay([Publication])
        /// The ring no longer reaches back that far (or the topic is unknown): send a fresh snapshot.
        case snapshotNeeded
    }

    /// One topic's sequence and replay ring (a class: one dictionary lookup per publish, then mutated in place;
    /// only ever touched under its shard's lock).
    final class TopicLog {
        var seq: UInt64
        init(seq: UInt64) { self.seq = seq }
        var ring: [Publication] = []
        var next = 0

        func append(_ publication: Publication, capacity: Int) {
            if ring.count < capacity {
                ring.append(publication)
            } else {
                ring[next] = publication
                next = (next + 1) % capacity
            }
        }

        /// Deltas after `lastSeq`, oldest first, or nil when the ring lost some of them.
        func deltas(after lastSeq: UInt64) -> [Publication]? {
            if lastSeq >= seq { return [] }
            let ordered = next == 0 ? ring : Array(ring[next...] + ring[..<next])  // next moves only once the ring is full
            guard let first = ordered.first, first.seq <= lastSeq + 1 else { return nil }
            return ordered.filter { $0.seq > lastSeq }
        }
    }

    final class Shard: Sendable {
        let logs = Locked<[Topic: TopicLog]>([:])
    }

    /// Logs are created and used only inside their shard's lock, which provides the synchronisation.
    static func log(_ logs: inout [Topic: TopicLog], _ topic: Topic, base: UInt64) -> TopicLog {
        if let log = logs[topic] { return log }
        let log = TopicLog(seq: base)
        logs[topic] = log
        return log
    }

    /// Wallboard coalescing state: latest figures per campaign and row per agent, which changed since the last flush.
    struct Wallboard {
        var latest: [CampaignID: CampaignFigures] = [:]
        var changed: Set<CampaignID> = []
        var agents: [AgentID: AgentRow] = [:]
        var changedAgents: Set<AgentID> = []
        var lastFlush: Timestamp?

        mutating func updateAgent(_ id: AgentID, _ change: (inout AgentRow) -> Void) {
            change(&agents[id, default: AgentRow(agent: id)])
            changedAgents.insert(id)
        }
    }

    private let shards: [Shard]
    private let sink: any PublicationSink
    private let ringCapacity: Int
    private let wallboard = Locked(Wallboard())
    /// Minimum time between two wallboard deltas (DESIGN.md: 100 ms by default).
    public let wallboardInterval: Int64
    /// Where every topic's seq starts. The server starts it from the clock, so that after a restart every seq is
    /// above any seq of the process before: a page resuming from an old seq gets a snapshot, never the new
    /// process's deltas applied onto the old state.
    public let seqBase: UInt64

    /// Creates a hub.
    /// - Parameters:
    ///   - sink: receives every broadcast (in seq order per topic).
    ///   - ringCapacity: deltas kept per topic for replay.
    ///   - wallboardIntervalMilliseconds: coalescing interval of wallboard deltas.
    ///   - shardCount: lock shards (a power of two).
    ///   - seqBase: the seq of every topic before its first delta.
    public init(sink: any PublicationSink, ringCapacity: Int = 64, wallboardIntervalMilliseconds: Int64 = 100, shardCount: Int = 64,
                seqBase: UInt64 = 0) {
        precondition(shardCount > 0 && shardCount & (shardCount - 1) == 0, "shard count must be a power of two")
        self.sink = sink
        self.ringCapacity = max(1, ringCapacity)
        self.wallboardInterval = wallboardIntervalMilliseconds
        self.seqBase = seqBase
        self.shards = (0..<shardCount).map { _ in Shard() }
    }

    private func shard(_ topic: Topic) -> Shard { shards[topic.shardKey & (shards.count - 1)] }

    /// Publishes a delta: next seq, into the ring, to the sink (under the topic's lock, so the sink sees seq order).
    /// - Parameters:
    ///   - payload: the change.
    ///   - topic: where it goes.
    ///   - policy: what Net does under backpressure.
    /// - Returns: the seq given.
    @discardableResult
    public func publish(_ payload: LivePayload, on topic: Topic, policy: DeliveryPolicy) -> UInt64 {
        if case .agent = topic { stageAgent(payload) }
        let capacity = ringCapacity
        return shard(topic).logs.withLock { logs in
            let log = Self.log(&logs, topic, base: seqBase)
            log.seq += 1
            let publication = Publication(topic: topic, seq: log.seq, kind: .delta, policy: policy, payload: payload)
            log.append(publication, capacity: capacity)
            sink.publish(publication)
            return log.seq
        }
    }

    /// Stamps a snapshot with the topic's current seq (not broadcast, not in the ring): the owner builds `payload`
    /// under the same isolation that publishes the topic's deltas, so the snapshot includes every delta up to `seq`.
    /// - Parameters:
    ///   - payload: the whole state.
    ///   - topic: its topic.
    ///   - policy: the topic's policy.
    /// - Returns: the snapshot publication for one subscriber.
    public func snapshot(_ payload: LivePayload, on topic: Topic, policy: DeliveryPolicy) -> Publication {
        let seq = shard(topic).logs.withLock { $0[topic]?.seq ?? seqBase }
        return Publication(topic: topic, seq: seq, kind: .snapshot, policy: policy, payload: payload)
    }

    /// The current seq of a topic (`seqBase` before its first delta).
    /// - Parameter topic: the topic.
    public func currentSeq(of topic: Topic) -> UInt64 { shard(topic).logs.withLock { $0[topic]?.seq ?? seqBase } }

    /// What a client that saw up to `lastSeq` needs: nothing, a replay from the ring, or a new snapshot.
    /// - Parameters:
    ///   - topic: the topic it resubscribes to.
    ///   - lastSeq: the last seq it applied.
    public func resume(_ topic: Topic, after lastSeq: UInt64) -> Resume {
        shard(topic).logs.withLock { logs in
            guard let log = logs[topic] else { return lastSeq == seqBase ? .upToDate : .snapshotNeeded }
            if lastSeq > log.seq { return .snapshotNeeded }
            guard let deltas = log.deltas(after: lastSeq) else { return .snapshotNeeded }
            return deltas.isEmpty ? .upToDate : .replay(deltas)
        }
    }

    /// Forgets a topic whose subject is gone (a closed interaction); a later resume gets a snapshot.
    /// - Parameter topic: the topic.
    public func retire(_ topic: Topic) { _ = shard(topic).logs.withLock { $0.removeValue(forKey: topic) } }

    // MARK: - Wallboard

    /// Records a campaign's newest figures; they leave in the next coalesced wallboard delta.
    /// - Parameter figures: the campaign's figures.
    public func stageWallboard(_ figures: CampaignFigures) {
        wallboard.withLock {
            $0.latest[figures.campaign] = figures
            $0.changed.insert(figures.campaign)
        }
    }

    /// An agent's presence or load, as published on its topic, also goes to the wallboard's row for it.
    private func stageAgent(_ payload: LivePayload) {
        switch payload {
        case .presence(let presence):
            wallboard.withLock { $0.updateAgent(presence.agent) { $0.presence = presence } }
        case .load(let load):
            wallboard.withLock { board in
                board.updateAgent(load.agent) { row in
                    let p = row.presence
                    row.presence = AgentPresence(agent: load.agent, status: p?.status ?? .offline, since: p?.since ?? load.at, active: load.active)
                }
            }
        default: break
        }
    }

    /// An agent's campaigns (and maxima) and presence changed: its wallboard row follows.
    public func stageAgent(_ agent: AgentID, name: String, campaigns: [CampaignID: Int], presence: AgentPresence) {
        wallboard.withLock { board in
            board.updateAgent(agent) {
                $0.name = name
                $0.campaigns = campaigns
                $0.presence = presence
                $0.today = $0.today.filter { campaigns[$0.key] != nil }
            }
        }
    }

    /// An agent's figures of today in one campaign changed (a close, a first response).
    public func stageAgentFigures(_ agent: AgentID, campaign: CampaignID, _ figures: AgentFigures) {
        wallboard.withLock { $0.updateAgent(agent) { $0.today[campaign] = figures } }
    }

    /// A campaign's day started: its part of every agent's figures goes back to zero.
    public func resetAgentFigures(campaign: CampaignID) {
        wallboard.withLock { board in
            for (id, row) in board.agents where row.today[campaign] != nil { board.updateAgent(id) { $0.today[campaign] = nil } }
        }
    }

    /// Removes a campaign from the wallboard (deleted campaign).
    /// - Parameter campaign: the campaign.
    public func dropFromWallboard(_ campaign: CampaignID) {
        wallboard.withLock {
            $0.latest[campaign] = nil
            $0.changed.remove(campaign)
        }
    }

    /// Publishes one wallboard delta with every campaign changed since the last one, if the coalescing interval has
    /// passed since then (driven by the server's tick and its clock: no sleeps here).
    /// - Parameters:
    ///   - now: the current instant.
    ///   - force: publish even inside the interval.
    /// - Returns: the seq of the delta, or nil when nothing left.
    @discardableResult
    public func flushWallboard(now: Timestamp, force: Bool = false) -> UInt64? {
        let changes: ([CampaignFigures], [AgentRow])? = wallboard.withLock { board in
            if board.changed.isEmpty && board.changedAgents.isEmpty { return nil }
            if !force, let last = board.lastFlush, last.millisecondsUntil(now) < wallboardInterval { return nil }
            board.lastFlush = now
            let ids = board.changed.sorted(), agents = board.changedAgents.sorted()
            board.changed.removeAll(keepingCapacity: true)
            board.changedAgents.removeAll(keepingCapacity: true)
            return (ids.compactMap { board.latest[$0] }, agents.compactMap { board.agents[$0] })
        }
        guard let (figures, agents) = changes else { return nil }
        return publish(.wallboard(figures, agents: agents), on: .wallboard, policy: .latestState)
    }

    /// Each campaign's queue as its latest wallboard figures have it (at most one coalescing interval old): how many
    /// wait and since when the oldest does. A copy of two fields per campaign under the wallboard's lock, for `/metrics`.
    public func queues() -> [CampaignQueue] {
        wallboard.withLock { board in
            board.latest.values.map { CampaignQueue(campaign: $0.campaign, waiting: $0.waiting, oldestEnqueuedAt: $0.oldestEnqueuedAt) }
        }
    }

    /// A wallboard snapshot: the latest figures of every campaign and the row of every agent, stamped with the wallboard's seq. Staged but
    /// unflushed figures are included; they arrive again in the next delta, which clients apply idempotently.
    public func wallboardSnapshot() -> Publication {
        let seq = currentSeq(of: .wallboard)
        let (figures, agents) = wallboard.withLock { board in
            (board.latest.keys.sorted().compactMap { board.latest[$0] }, board.agents.keys.sorted().compactMap { board.agents[$0] })
        }
        return Publication(topic: .wallboard, seq: seq, kind: .snapshot, policy: .latestState, payload: .wallboard(figures, agents: agents))
    }
}
