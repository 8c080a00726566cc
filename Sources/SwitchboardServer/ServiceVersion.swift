/// The version reported by `switchboard --version` and `/healthz`.
public enum ServiceVersion {
    public static let current = "0.1.0"
}
