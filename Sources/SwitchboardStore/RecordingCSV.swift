/// CSV encoding of recording rows: RFC 4180 (fields with a comma, quote, CR or LF are quoted, quotes doubled,
/// CRLF line ends), and cells that a spreadsheet would run as a formula (starting with = + - @, tab or CR) are
/// neutralised with a leading apostrophe (OWASP "CSV injection").
enum RecordingCSV {
    /// The header line.
    static let header = "date,heynow_number,campaign,agent,address,state,duration_seconds,messages,subject\r\n"

    /// One field, neutralised then quoted as needed.
    static func field(_ value: String) -> String {
        var value = value
        if let first = value.utf8.first, first == UInt8(ascii: "=") || first == UInt8(ascii: "+") || first == UInt8(ascii: "-")
            || first == UInt8(ascii: "@") || first == 0x09 || first == 0x0D {
            value = "'" + value
        }
        let needsQuotes = value.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else { return value }
        var quoted = "\""
        for character in value.unicodeScalars {
            if character == "\"" { quoted += "\"\"" } else { quoted.unicodeScalars.append(character) }
        }
        return quoted + "\""
    }

    /// One row as a CSV line (with its CRLF).
    static func line(_ row: RecordingRow) -> String {
        let duration = row.durationMilliseconds.map { String($0 / 1000) } ?? ""
        let cells = [
            iso8601(milliseconds: row.date.milliseconds), row.heyNowNumber, row.campaignName, row.agentName ?? "",
            row.address.rawValue, row.state.rawValue, duration, String(row.messageCount), row.subject ?? "",
        ]
        return cells.map(field).joined(separator: ",") + "\r\n"
    }

    /// UTC time as `YYYY-MM-DDTHH:MM:SSZ` (civil-from-days, Howard Hinnant's algorithm; no Foundation).
    static func iso8601(milliseconds: Int64) -> String {
        let seconds = milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000
        var days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        days += 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let dayOfEra = days - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : String(v) }
        return "\(year)-\(two(month))-\(two(day))T\(two(secondOfDay / 3600)):\(two(secondOfDay % 3600 / 60)):\(two(secondOfDay % 60))Z"
    }
}
