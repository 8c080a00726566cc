import SwitchboardDomain
import SwitchboardNet
import Synchronization
import SwitchboardSync

/// The hub's sink: encodes each publication once into one JSON buffer, frames it once and publishes it to the
/// network core's topic of the same name, mapping the domain's delivery policy onto Net's.
///
/// Wallboard deltas also go, filtered, to one Net topic per distinct supervisor scope ("scope group"): every
/// supervisor with the same set of campaigns shares one encoded frame, so the broadcast stays encode-once per
/// group (not per connection) and each receiver gets one frame per flush with the wallboard's gap-free seq.
public final class LiveGateway: PublicationSink {
    private struct State {
        /// Weak: the server owns the delegate that owns this gateway.
        weak var network: NetworkServer?
        /// Net topic ids by domain topic (interned once; `TopicRegistry` is only asked the first time).
        var ids: [Topic: TopicID] = [:]
        /// Wallboard groups other than the plain topic: what the group sees (scope, window), and its Net topic.
        var groups: [WallboardView: TopicID] = [:]
        /// Live sockets joined to each Net topic: a publication nobody receives is not encoded at all (most
        /// interaction and inbox deltas; the hub's ring still keeps them for a later resume).
        var subscribers: [TopicID: Int] = [:]
    }

    private let state = Locked(State())
    /// Publications handed to the gateway since start (`/metrics`).
    let publications = Atomic<Int>(0)
    /// The registry the network core was made with.
    public let topics: TopicRegistry

    /// Creates a gateway; publications are dropped until `attach(_:)` (the start-up rebuild has no subscribers).
    /// - Parameter topics: the topic registry handed to the `NetworkServer`.
    public init(topics: TopicRegistry) { self.topics = topics }

    /// Starts publishing to `network`.
    public func attach(_ network: NetworkServer) { state.withLock { $0.network = network } }

    /// The Net topic carrying a domain topic.
    public func topicID(_ topic: Topic) -> TopicID { state.withLock { Self.intern(topic, &$0, topics) } }

    private static func intern(_ topic: Topic, _ state: inout State, _ topics: TopicRegistry) -> TopicID {
        if let id = state.ids[topic] { return id }
        let id = topics.id(for: topic.description)
        state.ids[topic] = id
        return id
    }

    /// A socket joined `topic` (counted once per socket and topic).
    public func retain(_ topic: TopicID) { state.withLock { $0.subscribers[topic, default: 0] += 1 } }

    /// A socket left `topic` (unsubscribed or closed).
    public func release(_ topic: TopicID) {
        state.withLock { state in
            let left = (state.subscribers[topic] ?? 1) - 1
            state.subscribers[topic] = left > 0 ? left : nil
        }
    }

    /// Sockets joined to `topic`.
    public func subscriberCount(_ topic: TopicID) -> Int { state.withLock { $0.subscribers[topic] ?? 0 } }

    /// The Net topic of a wallboard group (made on first use; later wallboard deltas reach it). The plain
    /// `wallboard` topic for everything in each campaign's own window.
    /// - Parameter view: the scope and window of the receivers.
    public func wallboardTopic(for view: WallboardView) -> TopicID {
        state.withLock { state in
            if view == .everything { return Self.intern(.wallboard, &state, topics) }
            if let id = state.groups[view] { return id }
            let id = topics.id(for: view.topicName)
            state.groups[view] = id
            return id
        }
    }

    /// Net's policy for a domain policy: latest-state coalesces, lossless closes slow consumers with 1013.
    static func netPolicy(_ policy: SwitchboardDomain.DeliveryPolicy) -> SwitchboardNet.DeliveryPolicy {
        switch policy {
        case .latestState: .latestState
        case .lossless: .lossless
        }
    }

    /// Encodes and hands off (called inside the hub's per-topic lock: no blocking, no awaiting). Nothing is
    /// encoded for a topic no socket has joined.
    public func publish(_ publication: Publication) {
        publications.wrappingAdd(1, ordering: .relaxed)
        let wallboard = publication.topic == .wallboard
        let target: (NetworkServer, TopicID?, [(WallboardView, TopicID)])? = state.withLock { state in
            guard let network = state.network else { return nil }
            let id = Self.intern(publication.topic, &state, topics)
            let groups = wallboard ? state.groups.filter { state.subscribers[$0.value] != nil }.map { ($0.key, $0.value) } : []
            let direct = state.subscribers[id] != nil ? id : nil
            return direct == nil && groups.isEmpty ? nil : (network, direct, groups)
        }
        guard let (network, direct, groups) = target else { return }
        let policy = Self.netPolicy(publication.policy)
        if let direct {
            network.publish(network.makeMessage(.text, payload: PublicationEncoder.encode(publication)), to: direct, policy: policy)
        }
        for (view, topic) in groups {
            let scoped = PublicationEncoder.encode(publication, view: view)
            network.publish(network.makeMessage(.text, payload: scoped), to: topic, policy: policy)
        }
    }

    /// The largest screen frame relayed; a bigger one is dropped (the agent's page sends ~960 px JPEGs of ~100 kB).
    public static let maxScreenFrameBytes = 1 << 20

    /// Relays a binary screen frame from `agent`'s page to the watchers of `screen:<agent>` (DECISIONS.md: prefixed
    /// with the agent id, 1 byte length + UTF-8), only while someone watches; latest-state, so a slow watcher gets
    /// the newest frame rather than a backlog. Returns whether it was relayed.
    @discardableResult
    public func relayScreenFrame(from agent: AgentID, _ frame: UnsafeRawBufferPointer) -> Bool {
        guard frame.count <= Self.maxScreenFrameBytes else { return false }
        let target: (NetworkServer, TopicID)? = state.withLock { state in
            guard let network = state.network else { return nil }
            let id = Self.intern(.screen(agent), &state, topics)
            return state.subscribers[id] != nil ? (network, id) : nil
        }
        guard let (network, topic) = target else { return false }
        let name = Array(agent.description.utf8)
        var payload = [UInt8]()
        payload.reserveCapacity(1 + name.count + frame.count)
        payload.append(UInt8(name.count))
        payload += name
        payload += frame
        network.publish(network.makeMessage(.binary, payload: payload, compressible: false), to: topic, policy: SwitchboardNet.DeliveryPolicy.latestState)
        return true
    }
}
