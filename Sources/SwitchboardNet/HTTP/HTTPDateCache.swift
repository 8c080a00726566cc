import Glibc

/// The `Date` field value (IMF-fixdate, RFC 9110 §5.6.7), formatted at most once per second per owner.
public struct HTTPDateCache: Sendable {
    private var second = Int.min
    private var cached: [UInt8] = []

    /// An empty cache.
    public init() {}

    private static let days: [StaticString] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months: [StaticString] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The IMF-fixdate bytes for a Unix time, e.g. `Sun, 06 Nov 1994 08:49:37 GMT`.
    /// - Parameter epochSeconds: seconds since 1970-01-01T00:00:00Z.
    /// - Returns: 29 ASCII bytes.
    public mutating func bytes(epochSeconds: Int) -> [UInt8] {
        if epochSeconds != second {
            cached = Self.format(epochSeconds: epochSeconds)
            second = epochSeconds
        }
        return cached
    }

    /// The current wall-clock second (CLOCK_REALTIME).
    public static func nowEpochSeconds() -> Int { Int(time(nil)) }

    /// Formats a Unix time as IMF-fixdate with gmtime_r.
    static func format(epochSeconds: Int) -> [UInt8] {
        var seconds = time_t(epochSeconds)
        var parts = tm()
        _ = gmtime_r(&seconds, &parts)
        var out = [UInt8]()
        out.reserveCapacity(29)
        func two(_ value: Int32) {
            out.append(UInt8(truncatingIfNeeded: value / 10 % 10) + 0x30)
            out.append(UInt8(truncatingIfNeeded: value % 10) + 0x30)
        }
        let day = Self.days[Int(parts.tm_wday) % 7]
        out.append(contentsOf: UnsafeRawBufferPointer(start: day.utf8Start, count: day.utf8CodeUnitCount))
        out.append(contentsOf: [0x2C, 0x20])  // ", "
        two(parts.tm_mday)
        out.append(0x20)
        let month = Self.months[Int(parts.tm_mon) % 12]
        out.append(contentsOf: UnsafeRawBufferPointer(start: month.utf8Start, count: month.utf8CodeUnitCount))
        out.append(0x20)
        let year = parts.tm_year + 1900
        two(year / 100)
        two(year % 100)
        out.append(0x20)
        two(parts.tm_hour)
        out.append(0x3A)
        two(parts.tm_min)
        out.append(0x3A)
        two(parts.tm_sec)
        out.append(contentsOf: Array(" GMT".utf8))
        return out
    }
}
