import SwitchboardDomain
import SwitchboardSync

/// Records every publication and effect so tests can inspect what the domain emitted, in order.
public final class RecordingSink: PublicationSink, DomainEffectSink {
    private let publications = Locked<[Publication]>([])
    private let effectList = Locked<[DomainEffect]>([])

    /// An empty recorder.
    public init() {}

    /// Records a publication.
    public func publish(_ publication: Publication) { publications.withLock { $0.append(publication) } }
    /// Records an effect.
    public func perform(_ effect: DomainEffect) { effectList.withLock { $0.append(effect) } }

    /// Everything published so far.
    public var published: [Publication] { publications.withLock { $0 } }
    /// Everything emitted so far.
    public var effects: [DomainEffect] { effectList.withLock { $0 } }
    /// Publications on one topic.
    public func published(on topic: Topic) -> [Publication] { published.filter { $0.topic == topic } }
    /// Audit entries so far.
    public var audits: [AuditEntry] { effects.compactMap { if case .audit(let a) = $0 { a } else { nil } } }
}

/// Helpers over a state's output buffer.
extension Array where Element == CampaignState.Output {
    /// The (topic, payload, policy) triples published.
    public var publications: [(topic: Topic, payload: LivePayload, policy: DeliveryPolicy)] {
        compactMap { if case .publish(let p, let t, let d) = $0 { (t, p, d) } else { nil } }
    }
    /// The effects.
    public var effects: [DomainEffect] { compactMap { if case .effect(let e) = $0 { e } else { nil } } }
    /// The threshold alerts among the effects.
    public var alerts: [ThresholdAlert] { effects.compactMap { if case .alert(let a) = $0 { a } else { nil } } }
    /// The topics published to, in order.
    public var topics: [Topic] { publications.map(\.topic) }
}
