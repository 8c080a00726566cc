import Foundation
import SwitchboardDomain

/// The next local midnight of a campaign's time zone (the domain knows no calendar: DESIGN.md, "Domain"),
/// from Foundation's time zone database (/usr/share/zoneinfo), so DST days last 23 or 25 hours.
enum LocalMidnight {
    /// The first instant after `now` at which the date changes in `timeZone` (an unknown zone counts as UTC).
    /// - Parameters:
    ///   - now: the current instant.
    ///   - timeZone: an IANA name such as "America/Argentina/Buenos_Aires".
    /// - Returns: the next local midnight (or the first instant of the next day where midnight is skipped).
    static func next(after now: Timestamp, in timeZone: String) -> Timestamp {
        let calendar = calendar(timeZone)
        let start = calendar.startOfDay(for: date(now))
        let next = calendar.date(byAdding: .day, value: 1, to: start).map { calendar.startOfDay(for: $0) } ?? start.addingTimeInterval(86_400)
        return timestamp(next)
    }

    /// The last local midnight at or before `now` in `timeZone`: when "today" began (an unknown zone counts as UTC).
    /// - Parameters:
    ///   - now: the current instant.
    ///   - timeZone: an IANA name.
    /// - Returns: the start of the local day `now` falls in.
    static func start(of now: Timestamp, in timeZone: String) -> Timestamp {
        timestamp(calendar(timeZone).startOfDay(for: date(now)))
    }

    private static func calendar(_ timeZone: String) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: timeZone) ?? TimeZone(identifier: "UTC")!
        return calendar
    }

    private static func date(_ instant: Timestamp) -> Date { Date(timeIntervalSince1970: Double(instant.milliseconds) / 1000) }

    private static func timestamp(_ date: Date) -> Timestamp {
        Timestamp(milliseconds: Int64((date.timeIntervalSince1970 * 1000).rounded()))
    }
}
