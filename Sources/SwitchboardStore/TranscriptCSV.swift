import SwitchboardDomain

/// One transcript as CSV, with the quoting and formula neutralising of `RecordingCSV` (a customer's message is
/// the most likely cell to start with `=`).
public enum TranscriptCSV {
    /// The header line.
    public static let header = "time,author,agent,message,delivery,delivery_reason\r\n"

    /// One message as a CSV line (with its CRLF); `agentName` names the agent of an agent's message.
    public static func line(_ message: MessageRecord, agentName: String?) -> String {
        let cells = [
            RecordingCSV.iso8601(milliseconds: message.at.milliseconds), message.sender.rawValue, agentName ?? "",
            message.body, message.delivery ?? "", message.deliveryReason ?? "",
        ]
        return cells.map(RecordingCSV.field).joined(separator: ",") + "\r\n"
    }

    /// One field, neutralised and quoted as in the recordings export.
    public static func field(_ value: String) -> String { RecordingCSV.field(value) }

    /// UTC time as `YYYY-MM-DDTHH:MM:SSZ`.
    public static func iso8601(milliseconds: Int64) -> String { RecordingCSV.iso8601(milliseconds: milliseconds) }
}
