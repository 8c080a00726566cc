import ArgumentParser
import Glibc
import Logging
import SwitchboardServer
import SwitchboardStore

/// `switchboard serve`: the service.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the Switchboard service.")

    @Option(help: "Address to bind.") var host = "127.0.0.1"
    @Option(help: "Port (0: any free port).") var port = 8080
    @Option(help: "The SQLite database file (created with its schema if missing).") var db = "./switchboard.db"
    @Option(help: "normal: survives a crash of the process; full: also a power loss.") var durability = "normal"
    @Option(help: "Folder of the web pages.") var publicDir = "Public"
    @Option(help: "Event loops (default: one per CPU in the affinity mask).") var loops: Int?
    @Option(help: "PEM certificate chain: serve https/wss (reloaded on SIGHUP).") var tlsCert: String?
    @Option(help: "PEM private key for --tls-cert.") var tlsKey: String?
    @Option(help: "How long a login lasts at most, in minutes.") var sessionMinutes = 720
    @Option(help: "Minutes without a request or command after which a login ends (an open live page counts as activity); 0: never.")
    var sessionIdleMinutes = 30
    @Option(help: "Audit log entries older than this many days are deleted (hourly, itself audited); 0: keep them all.")
    var auditRetentionDays = 365
    @Option(help: "Failed logins per username before each attempt waits (1 s, 2 s, 4 s … 1 min).") var loginUserFree = 5
    @Option(help: "Failed logins per username that lock it for --login-lockout-minutes.") var loginUserLockout = 10
    @Option(help: "Failed logins per client address before each attempt waits (high: an office logs in from one NAT address).")
    var loginAddressFree = 100
    @Option(help: "Failed logins per client address that lock it.") var loginAddressLockout = 500
    @Option(help: "How long a locked username or address stays locked, in minutes.") var loginLockoutMinutes = 15
    @Option(help: "The base URL the providers call (https://host[:port]): the classic signature covers it and classic status callbacks go to <it>/webhooks/classic/{providerId} (default: the request's scheme and Host).")
    var publicUrl: String?
    @Option(help: "Largest webhook body in bytes (larger: 413).") var maxWebhookBytes = 1 << 20
    @Option(help: "Connections one client address may hold open at once (thousands: an office behind one NAT); 0: no limit.")
    var maxConnectionsPerAddress = 5_000
    @Option(help: "Live commands one socket may send per second (more are answered rate_limited).") var commandsPerSecond = 50
    @Option(help: "Topics one live socket may subscribe to at once.") var subscriptionsPerConnection = 100
    @Option(help: "Interactions one supervisor may spy at once.") var spiesPerSupervisor = 20
    @Option(help: "Agents' screens one supervisor may watch at once.") var screensPerSupervisor = 4
    @Option(help: "Bearer token that opens /metrics from other machines (loopback and admin sessions need none); or SWITCHBOARD_METRICS_TOKEN.")
    var metricsToken: String?
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.") var logLevel = "info"
    @Option(help: "Log lines as text (swift-log's, fields as key=value) or json (one object per line, fields at the top level).")
    var logFormat = "text"

    func validate() throws {
        guard StoreConfiguration.Durability(rawValue: durability) != nil else { throw ValidationError("--durability is normal or full") }
        guard (tlsCert == nil) == (tlsKey == nil) else { throw ValidationError("--tls-cert and --tls-key go together") }
        guard sessionMinutes > 0 else { throw ValidationError("--session-minutes must be positive") }
        guard sessionIdleMinutes >= 0 else { throw ValidationError("--session-idle-minutes must be 0 (never) or positive") }
        guard auditRetentionDays >= 0 else { throw ValidationError("--audit-retention-days must be 0 (keep all) or positive") }
        guard loginUserFree >= 0, loginAddressFree >= 0, loginUserLockout > loginUserFree, loginAddressLockout > loginAddressFree else {
            throw ValidationError("each --login-…-lockout must be above its --login-…-free, and no limit negative")
        }
        guard loginLockoutMinutes > 0 else { throw ValidationError("--login-lockout-minutes must be positive") }
        guard maxConnectionsPerAddress >= 0, commandsPerSecond > 0, subscriptionsPerConnection > 0, spiesPerSupervisor >= 0,
              screensPerSupervisor >= 0 else {
            throw ValidationError("--commands-per-second and --subscriptions-per-connection must be positive, the other limits not negative")
        }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown --log-level \(logLevel)") }
        guard ["text", "json"].contains(logFormat) else { throw ValidationError("--log-format is text or json, not \(logFormat)") }
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        let json = logFormat == "json"
        LoggingSystem.bootstrap { label in
            if json {
                var handler = JSONLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        var configuration = AppConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.databasePath = db
        configuration.durability = StoreConfiguration.Durability(rawValue: durability) ?? .normal
        configuration.publicDirectory = publicDir
        configuration.loopCount = loops
        configuration.tlsCertificatePath = tlsCert
        configuration.tlsKeyPath = tlsKey
        configuration.sessionLifetimeSeconds = Int64(sessionMinutes) * 60
        configuration.sessionIdleSeconds = sessionIdleMinutes == 0 ? nil : Int64(sessionIdleMinutes) * 60
        configuration.auditRetentionDays = auditRetentionDays == 0 ? nil : auditRetentionDays
        configuration.loginLimits.usernameFree = loginUserFree
        configuration.loginLimits.usernameLockout = loginUserLockout
        configuration.loginLimits.addressFree = loginAddressFree
        configuration.loginLimits.addressLockout = loginAddressLockout
        configuration.loginLimits.lockoutSeconds = Int64(loginLockoutMinutes) * 60
        configuration.webhooks.publicURL = publicUrl
        configuration.webhooks.maxBodyBytes = maxWebhookBytes
        configuration.publicURL = publicUrl
        configuration.maxConnectionsPerAddress = maxConnectionsPerAddress == 0 ? nil : maxConnectionsPerAddress
        configuration.liveLimits.commandsPerSecond = commandsPerSecond
        configuration.liveLimits.subscriptionsPerConnection = subscriptionsPerConnection
        configuration.liveLimits.spiesPerSupervisor = spiesPerSupervisor
        configuration.liveLimits.screensPerSupervisor = screensPerSupervisor
        configuration.metricsToken = metricsToken ?? ProcessEnvironment.value("SWITCHBOARD_METRICS_TOKEN")
        SignalWaiter.install()
        let app = try await SwitchboardApp.start(configuration)
        let scheme = tlsCert == nil ? "http" : "https"
        print("Switchboard listening on \(scheme)://\(host):\(app.port)/")
        fflush(nil)
        _ = await Task.detached { SignalWaiter.waitForTermination { app.reloadCertificate() } }.value
        await app.shutdown()
    }
}
