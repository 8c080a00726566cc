import SwitchboardDomain

/// Instants in query strings: epoch milliseconds, an ISO 8601 date (`2024-05-01`, UTC midnight, or the day's
/// last millisecond for an upper bound) or an ISO 8601 date-time (`2024-05-01T13:45[:30[.250]][Z|±hh:mm]`,
/// UTC when no offset is given).
enum APITimestamp {
    /// The instant `text` names, nil when it is none of the accepted forms.
    /// - Parameters:
    ///   - text: the query value.
    ///   - endOfDay: a bare date means its last millisecond (for `to`) instead of its first.
    static func parse(_ text: String, endOfDay: Bool = false) -> Timestamp? {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty, bytes.count <= 40 else { return nil }
        if bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) || (bytes[0] == UInt8(ascii: "-") && bytes.count > 1) {
            return Int64(text).flatMap { abs($0) <= 253_402_300_799_999 ? Timestamp(milliseconds: $0) : nil }
        }
        var reader = Reader(bytes: bytes)
        guard let year = reader.digits(4), reader.skip("-"), let month = reader.digits(2), reader.skip("-"), let day = reader.digits(2),
              (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day) else { return nil }
        let midnight = daysFromCivil(year: year, month: month, day: day) * 86_400_000
        if reader.atEnd { return Timestamp(milliseconds: endOfDay ? midnight + 86_399_999 : midnight) }
        guard reader.skip("T") || reader.skip("t") || reader.skip(" "), let hour = reader.digits(2), reader.skip(":"),
              let minute = reader.digits(2), hour < 24, minute < 60 else { return nil }
        var milliseconds = Int64(hour * 3_600_000 + minute * 60_000)
        if reader.skip(":") {
            guard let second = reader.digits(2), second < 60 else { return nil }
            milliseconds += Int64(second * 1000)
            if reader.skip(".") || reader.skip(",") {
                var fraction = 0
                var places = 0
                while let digit = reader.digit() {
                    if places < 3 { fraction = fraction * 10 + digit }
                    places += 1
                }
                guard places > 0 else { return nil }
                for _ in places..<max(places, 3) { fraction *= 10 }
                milliseconds += Int64(fraction)
            }
        }
        var offset: Int64 = 0
        let utc = reader.skip("Z") || reader.skip("z")
        if !utc, let sign = reader.sign() {
            guard let hours = reader.digits(2) else { return nil }
            _ = reader.skip(":")
            guard let minutes = reader.digits(2), hours < 24, minutes < 60 else { return nil }
            offset = sign * Int64(hours * 3_600_000 + minutes * 60_000)
        }
        guard reader.atEnd else { return nil }
        return Timestamp(milliseconds: midnight + milliseconds - offset)
    }

    private struct Reader {
        let bytes: [UInt8]
        var index = 0

        var atEnd: Bool { index == bytes.count }

        mutating func skip(_ character: Character) -> Bool {
            guard index < bytes.count, bytes[index] == character.asciiValue else { return false }
            index += 1
            return true
        }

        mutating func digit() -> Int? {
            guard index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 else { return nil }
            index += 1
            return Int(bytes[index - 1] - 0x30)
        }

        mutating func digits(_ count: Int) -> Int? {
            var value = 0
            for _ in 0..<count {
                guard let digit = digit() else { return nil }
                value = value * 10 + digit
            }
            return value
        }

        mutating func sign() -> Int64? {
            if skip("+") { return 1 }
            if skip("-") { return -1 }
            return nil
        }
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
