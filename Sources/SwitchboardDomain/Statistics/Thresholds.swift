/// Warning and critical levels of one figure; nil levels are off.
public struct ThresholdLevels: Sendable, Equatable {
    /// The warning level.
    public var warning: Double?
    /// The critical level.
    public var critical: Double?

    /// Creates levels.
    public init(warning: Double? = nil, critical: Double? = nil) {
        self.warning = warning
        self.critical = critical
    }
}

/// A campaign's thresholds (METRICS.md, "Thresholds"): seconds for waits and times (higher is worse), percent for the
/// service-level floor (lower is worse).
public struct Thresholds: Sendable, Equatable {
    /// Longest wait now, seconds.
    public var longestWait: ThresholdLevels
    /// ASA today, seconds.
    public var asa: ThresholdLevels
    /// AHT today, seconds.
    public var aht: ThresholdLevels
    /// Mean first response today, seconds.
    public var firstResponse: ThresholdLevels
    /// Service level today, percent (a floor).
    public var serviceLevel: ThresholdLevels

    /// Creates thresholds (all off by default but the service-level warning at the 80 % target).
    public init(longestWait: ThresholdLevels = .init(), asa: ThresholdLevels = .init(), aht: ThresholdLevels = .init(),
                firstResponse: ThresholdLevels = .init(), serviceLevel: ThresholdLevels = .init(warning: 80)) {
        self.longestWait = longestWait
        self.asa = asa
        self.aht = aht
        self.firstResponse = firstResponse
        self.serviceLevel = serviceLevel
    }
}

/// A figure watched by thresholds.
public enum ThresholdMetric: String, Sendable, Equatable, CaseIterable {
    /// Longest wait.
    case longestWait
    /// Average speed of answer.
    case asa
    /// Average handling time.
    case aht
    /// Mean first response.
    case firstResponse
    /// Service level (floor).
    case serviceLevel
}

/// A tile's colour.
public enum AlertLevel: Int, Sendable, Equatable, Comparable {
    /// Within levels (or no data).
    case ok
    /// Past the warning level.
    case warning
    /// Past the critical level.
    case critical

    /// Orders ok < warning < critical.
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The wire name.
    public var name: String {
        switch self {
        case .ok: "ok"
        case .warning: "warning"
        case .critical: "critical"
        }
    }
}

/// A figure changed level: crossed into warning or critical, or recovered.
public struct ThresholdAlert: Sendable, Equatable {
    /// The campaign.
    public let campaign: CampaignID
    /// The figure.
    public let metric: ThresholdMetric
    /// The new level.
    public let level: AlertLevel
    /// The level before.
    public let previous: AlertLevel
    /// The figure's value (seconds or percent); nil when it has no data any more.
    public let value: Double?
    /// When it was evaluated.
    public let at: Timestamp

    /// Creates a value.
    public init(campaign: CampaignID, metric: ThresholdMetric, level: AlertLevel, previous: AlertLevel, value: Double?, at: Timestamp) {
        self.campaign = campaign
        self.metric = metric
        self.level = level
        self.previous = previous
        self.value = value
        self.at = at
    }
}

/// The levels of the five watched figures.
public struct AlertLevels: Sendable, Equatable {
    /// Longest wait.
    public var longestWait = AlertLevel.ok
    /// ASA.
    public var asa = AlertLevel.ok
    /// AHT.
    public var aht = AlertLevel.ok
    /// First response.
    public var firstResponse = AlertLevel.ok
    /// Service level.
    public var serviceLevel = AlertLevel.ok

    /// All ok.
    public init() {}

    /// The level of one metric.
    public subscript(metric: ThresholdMetric) -> AlertLevel {
        get {
            switch metric {
            case .longestWait: longestWait
            case .asa: asa
            case .aht: aht
            case .firstResponse: firstResponse
            case .serviceLevel: serviceLevel
            }
        }
        set {
            switch metric {
            case .longestWait: longestWait = newValue
            case .asa: asa = newValue
            case .aht: aht = newValue
            case .firstResponse: firstResponse = newValue
            case .serviceLevel: serviceLevel = newValue
            }
        }
    }
}

extension Thresholds {
    /// The level of `value` for `metric` (nil value: no data, ok).
    /// - Parameters:
    ///   - metric: the figure.
    ///   - value: seconds, or percent for the service level.
    public func level(of metric: ThresholdMetric, value: Double?) -> AlertLevel {
        guard let value else { return .ok }
        switch metric {
        case .serviceLevel:
            if let c = serviceLevel.critical, value < c { return .critical }
            if let w = serviceLevel.warning, value < w { return .warning }
            return .ok
        case .longestWait, .asa, .aht, .firstResponse:
            let levels = switch metric {
            case .longestWait: longestWait
            case .asa: asa
            case .aht: aht
            default: firstResponse
            }
            if let c = levels.critical, value >= c { return .critical }
            if let w = levels.warning, value >= w { return .warning }
            return .ok
        }
    }

    /// The levels of an interval's figures, without alert state (a window's colours).
    /// - Parameters:
    ///   - interval: the interval's figures.
    ///   - longestWait: the longest wait now, seconds.
    public func levels(of interval: IntervalFigures, longestWait: Double) -> AlertLevels {
        var levels = AlertLevels()
        for metric in ThresholdMetric.allCases { levels[metric] = level(of: metric, value: Self.value(of: metric, interval, longestWait)) }
        return levels
    }

    /// The value thresholds compare for `metric`: seconds, percent for the service level.
    static func value(of metric: ThresholdMetric, _ interval: IntervalFigures, _ longestWait: Double) -> Double? {
        switch metric {
        case .longestWait: longestWait
        case .asa: interval.asa
        case .aht: interval.aht
        case .firstResponse: interval.firstResponseMean
        case .serviceLevel: interval.serviceLevel.map { $0 * 100 }
        }
    }

    /// Re-evaluates every metric against `figures`, updating `levels` and appending an alert per change.
    /// - Parameters:
    ///   - figures: the campaign's current figures (today's interval; longest wait now).
    ///   - levels: the levels after the previous evaluation; updated.
    ///   - alerts: receives one alert per level change (crossing or recovery).
    public func evaluate(_ figures: CampaignFigures, levels: inout AlertLevels, alerts: inout [ThresholdAlert]) {
        for metric in ThresholdMetric.allCases {
            let value = Self.value(of: metric, figures.today, figures.longestWait)
            let new = level(of: metric, value: value)
            let old = levels[metric]
            if new != old {
                levels[metric] = new
                alerts.append(ThresholdAlert(campaign: figures.campaign, metric: metric, level: new, previous: old,
                                             value: value, at: figures.at))
            }
        }
    }
}
