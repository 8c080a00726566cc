// MARK: - The security issue's operations: sessions, kiosk links, audit, metrics

extension OpenAPIDocument {
    static var securityPaths: JSON {
        let sessionID: JSON = ["name": "id", "in": "path", "required": true, "description": "The session's id (from the session list).",
                               "schema": ["type": "string", "pattern": "^[0-9a-f]{32}$"]]
        return [
            "/metrics": ["get": operation(
                "Get the metrics", tag: "operations", roles: "loopback clients, the --metrics-token bearer token, or admin",
                success: (200, ["type": "string"], "Prometheus text exposition (text/plain; version=0.0.4)."), errors: [401, 403])],
            "/api/users/{id}/sessions": [
                "parameters": [pathID("id", "The user's id.")],
                "get": operation("List a user's sessions", tag: "users", roles: "admin",
                                 success: (200, array(ref("Session")), "The user's live sessions, newest first."),
                                 errors: [400, 401, 403, 404]),
            ],
            "/api/kiosk-links": [
                "get": operation("List kiosk links", tag: "kiosk", roles: "admin",
                                 success: (200, array(ref("KioskLink")), "Every kiosk link, newest first, revoked ones included."),
                                 errors: [401, 403]),
                "post": operation("Create a kiosk link", tag: "kiosk", roles: "admin", body: "KioskLinkInput",
                                  success: (201, ref("CreatedKioskLink"), "Created; the token is shown this once (audited)."),
                                  errors: [400, 401, 403, 422]),
            ],
            "/api/kiosk-links/{id}": [
                "parameters": [pathID("id", "The kiosk link's id.")],
                "delete": operation("Revoke a kiosk link", tag: "kiosk", roles: "admin",
                                    success: (204, nil, "Revoked; its open wallboards close with 1008 (audited)."),
                                    errors: [400, 401, 403, 404]),
            ],
            "/api/kiosk/session": ["post": operation(
                "Open a kiosk", tag: "kiosk", roles: nil, body: "KioskOpening",
                success: (200, ref("User"), "The kiosk (role `kiosk`, its campaigns as scope); sets the cookie."),
                errors: [400, 401, 422])],
            "/api/sessions/{id}": [
                "parameters": [sessionID],
                "delete": operation("Revoke a session", tag: "users", roles: "admin",
                                    success: (204, nil, "Revoked; its open live sockets close with 1008 and the reason (audited)."),
                                    errors: [400, 401, 403, 404]),
            ],
        ]
    }

    static var securitySchemas: JSON {
        [
            "Session": object([
                "id": string("Public id: the first 16 bytes of the token's hash, hex."),
                "userId": integer(minimum: 1),
                "createdAt": integer("Epoch ms."),
                "expiresAt": integer("Epoch ms (absolute expiry)."),
                "lastSeenAt": integer("Epoch ms of the last request or command (idle expiry counts from here)."),
                "openSockets": integer("Open live sockets (while one is open the session is never idle).", minimum: 0),
                "current": ["type": "boolean", "description": "Whether the caller is using this session."],
            ], required: ["id", "userId", "createdAt", "expiresAt", "lastSeenAt", "openSockets", "current"]),
            "KioskLink": object([
                "id": integer(minimum: 1), "name": string(), "campaigns": array(integer(minimum: 1)),
                "createdBy": integer("The administrator who created it (null once deleted).", nullable: true),
                "createdAt": integer("Epoch ms."), "revokedAt": integer("Epoch ms; null while it opens the wallboard.", nullable: true),
            ], required: ["id", "name", "campaigns", "createdAt"]),
            "KioskLinkInput": object([
                "name": text(maxLength: 100),
                "campaigns": array(integer(minimum: 1)).merging(["minItems": 1, "maxItems": 200]) { $1 },
            ], required: ["name", "campaigns"]),
            "CreatedKioskLink": object([
                "link": ref("KioskLink"), "token": string("The link's secret: shown once, only its hash is kept."),
                "path": string("The TV page that opens it: /tv/#kiosk=<token>."),
            ], required: ["link", "token", "path"]),
            "KioskOpening": object(["token": string(maxLength: 128)], required: ["token"]),
        ]
    }
}
