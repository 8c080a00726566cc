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
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: timeZone) ?? TimeZone(identifier: "UTC")!
        let date = Date(timeIntervalSince1970: Double(now.milliseconds) / 1000)
        let start = calendar.startOfDay(for: date)
        let next = calendar.date(byAdding: .day, value: 1, to: start).map { calendar.startOfDay(for: $0) } ?? start.addingTimeInterval(86_400)
        return Timestamp(milliseconds: Int64((next.timeIntervalSince1970 * 1000).rounded()))
    }
}
