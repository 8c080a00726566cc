import SwitchboardNet

/// Refuses cross-origin state-changing requests the way Go's `net/http` `CrossOriginProtection` does (DECISIONS.md):
/// a browser always says where a request comes from, so a request with neither `Sec-Fetch-Site` nor `Origin` is a
/// script or curl (the demo's seeding) and passes; webhooks are signed and never reach this check.
enum CrossOriginProtection {
    /// Whether the request may go on.
    /// - Parameter head: the request's head.
    /// - Returns: false for a POST/PUT/PATCH/DELETE that a browser sent from another site or origin.
    static func allows(_ head: HTTPRequestHead) -> Bool {
        switch head.method {
        case .get, .head, .options: return true
        default: break
        }
        if let site = head.headers.first("Sec-Fetch-Site") {
            return site == "same-origin" || site == "none"
        }
        guard let origin = head.headers.first("Origin") else { return true }
        guard let host = head.headers.first("Host") else { return false }
        return LiveSocketHandler.sameOrigin(origin, host: host)
    }
}
