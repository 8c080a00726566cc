/// Reading samples out of a `/metrics` answer.
enum MetricsText {
    /// The value of the sample whose name and labels are `series` exactly (`name{a="1",b="2"}`), nil when absent.
    static func value(_ text: String, _ series: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }
}
