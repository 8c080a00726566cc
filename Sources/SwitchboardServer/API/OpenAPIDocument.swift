import Foundation
import SwitchboardDomain
import SwitchboardNet
import SwitchboardStore

/// The OpenAPI 3.0 description of the REST API, built in code (no generator) and served at
/// `GET /api/openapi.json`. Every route the routers add is described here; `OpenAPIDocumentTests` checks both agree.
enum OpenAPIDocument {
    /// The document as JSON (built once).
    static let bytes: [UInt8] = {
        let data = try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes])
        return data.map { [UInt8]($0) } ?? []
    }()

    /// Adds `GET /api/openapi.json` (public).
    static func add(to router: inout APIRouter) {
        router.add(.get, "/api/openapi.json") { _ throws(APIError) in .json(status: .ok, body: bytes) }
    }

    // MARK: - Building blocks

    typealias JSON = [String: Any]

    static func ref(_ name: String) -> JSON { ["$ref": "#/components/schemas/\(name)"] }
    static func array(_ items: JSON) -> JSON { ["type": "array", "items": items] }
    static func string(_ description: String? = nil, maxLength: Int? = nil) -> JSON {
        var schema: JSON = ["type": "string"]
        if let description { schema["description"] = description }
        if let maxLength { schema["maxLength"] = maxLength }
        return schema
    }
    /// Text the API checks: not blank (a non-space somewhere), bounded.
    static func text(_ description: String? = nil, maxLength: Int, pattern: String = "\\S") -> JSON {
        var schema = string(description, maxLength: maxLength)
        schema["minLength"] = 1
        schema["pattern"] = pattern
        return schema
    }
    private static let phonePattern = "^\\+?[0-9]{3,20}$"
    private static let urlPattern = "^https?://[a-z0-9]+(\\.[a-z0-9]+)*(:[0-9]{2,5})?(/[A-Za-z0-9._~-]*)*$"
    static func integer(_ description: String? = nil, minimum: Int? = nil, maximum: Int? = nil, nullable: Bool = false) -> JSON {
        var schema: JSON = ["type": "integer", "format": "int64"]
        if let description { schema["description"] = description }
        if let minimum { schema["minimum"] = minimum }
        if let maximum { schema["maximum"] = maximum }
        if nullable { schema["nullable"] = true }
        return schema
    }
    private static var boolean: JSON { ["type": "boolean"] }
    private static var milliseconds: JSON { integer("Epoch milliseconds (UTC).") }
    private static func enumeration(_ values: [String], _ description: String? = nil) -> JSON {
        var schema: JSON = ["type": "string", "enum": values]
        if let description { schema["description"] = description }
        return schema
    }
    static func object(_ properties: JSON, required: [String] = [], description: String? = nil) -> JSON {
        var schema: JSON = ["type": "object", "properties": properties]
        if !required.isEmpty { schema["required"] = required }
        if let description { schema["description"] = description }
        return schema
    }

    static func json(_ schema: JSON, _ description: String) -> JSON {
        ["description": description, "content": ["application/json": ["schema": schema]]]
    }

    private static var errorDescriptions: [Int: String] { [
        400: "Malformed request: not JSON, or a bad id in the path.",
        401: "No valid session cookie.",
        403: "The caller's role may not do this.",
        404: "Unknown id (or outside the caller's campaigns).",
        409: "Conflicts with the stored state.",
        422: "Validation failed: `error.fields` names every bad field.",
        429: "Too many failed logins for this username or from this address (`too_many_attempts`): wait `Retry-After` seconds.",
    ] }

    /// One operation: its success answer, the errors it documents (all share the Error schema) and its inputs.
    static func operation(
        _ summary: String, tag: String, roles: String?, body: String? = nil, success: (Int, JSON?, String),
        errors: [Int], parameters: [JSON] = [], links: JSON = [:]
    ) -> JSON {
        var responses: JSON = [:]
        var answer: JSON = success.1.map { json($0, success.2) } ?? ["description": success.2]
        if !links.isEmpty { answer["links"] = links }
        responses[String(success.0)] = answer
        for code in errors { responses[String(code)] = json(ref("Error"), errorDescriptions[code] ?? "Error.") }
        responses["default"] = json(ref("Error"), "Any other error.")
        var op: JSON = ["summary": summary, "tags": [tag], "responses": responses, "operationId": operationID(summary)]
        if let roles { op["description"] = "Roles: \(roles)." } else { op["security"] = [JSON]() }
        if let body { op["requestBody"] = ["required": true, "content": ["application/json": ["schema": ref(body)]]] }
        if !parameters.isEmpty { op["parameters"] = parameters }
        return op
    }

    static func operationID(_ summary: String) -> String {
        let words = summary.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        return words.enumerated().map { $0 == 0 ? $1.lowercased() : $1.prefix(1).uppercased() + $1.dropFirst().lowercased() }.joined()
    }

    /// Links from an answer to the operations that take what it returns (for stateful testing tools).
    private static func links(_ operations: [String], _ parameters: [String: String]) -> JSON {
        Dictionary(uniqueKeysWithValues: operations.map { ($0, ["operationId": $0, "parameters": parameters] as JSON) })
    }

    static func pathID(_ name: String = "id", _ description: String) -> JSON {
        ["name": name, "in": "path", "required": true, "description": description, "schema": integer(minimum: 1)]
    }

    private static func query(_ name: String, _ schema: JSON, _ description: String) -> JSON {
        ["name": name, "in": "query", "required": false, "description": description, "schema": schema]
    }

    // MARK: - The document

    private static var document: JSON {
        [
            "openapi": "3.0.3",
            "info": [
                "title": "Switchboard administration API",
                "version": ServiceVersion.current,
                "description": """
                    Providers, campaigns, users and recordings of Switchboard. Log in with POST /api/login: the answer sets \
                    the `sb_session` cookie that every other operation needs. Errors are `{"error":{"code","message","fields"}}`; \
                    validation errors are 422 with one message per bad field. Times are epoch milliseconds.
                    """,
            ],
            "tags": ["session", "providers", "campaigns", "users", "recordings", "audit", "operations", "webhooks"].map { ["name": $0] },
            "security": [["cookieAuth": [String]()]],
            "paths": paths.merging(securityPaths) { kept, _ in kept }.merging(webhookPaths) { kept, _ in kept },
            "components": ["schemas": schemas.merging(securitySchemas) { kept, _ in kept }, "securitySchemes": [
                "cookieAuth": ["type": "apiKey", "in": "cookie", "name": AppDelegate.sessionCookie],
            ]],
        ]
    }

    private static var paths: JSON {
        let admin = "admin"
        let campaignID = pathID("id", "The campaign's id.")
        var paths: JSON = [
            "/api/openapi.json": ["get": operation(
                "Get this document", tag: "session", roles: nil, success: (200, ["type": "object"], "The OpenAPI document."), errors: [])],
            "/api/login": ["post": operation(
                "Log in", tag: "session", roles: nil, body: "Login", success: (200, ref("LoginAnswer"), "Logged in; sets the cookie."),
                errors: [400, 401, 422, 429])],
            "/api/logout": ["post": operation(
                "Log out", tag: "session", roles: "any logged-in user", success: (204, nil, "Logged out; clears the cookie."),
                errors: [401])],
            "/api/me": ["get": operation(
                "Get the logged in user", tag: "session", roles: "any logged-in user or a kiosk", success: (200, ref("User"), "The user."),
                errors: [401])],
            "/api/providers": [
                "get": operation("List providers", tag: "providers", roles: admin, success: (200, array(ref("Provider")), "Every provider."),
                                 errors: [401, 403]),
                "post": operation("Create a provider", tag: "providers", roles: admin, body: "ProviderInput",
                                  success: (201, ref("Provider"), "Created."), errors: [400, 401, 403, 409, 422],
                                  links: links(["getAProvider", "updateAProvider", "deleteAProvider"], ["id": "$response.body#/id"])),
            ],
            "/api/providers/{id}": [
                "parameters": [pathID("id", "The provider's id.")],
                "get": operation("Get a provider", tag: "providers", roles: admin, success: (200, ref("Provider"), "The provider."),
                                 errors: [400, 401, 403, 404]),
                "put": operation("Update a provider", tag: "providers", roles: admin, body: "ProviderInput",
                                 success: (200, ref("Provider"), "Updated; omitted secrets are kept."),
                                 errors: [400, 401, 403, 404, 409, 422]),
                "delete": operation("Delete a provider", tag: "providers", roles: admin, success: (204, nil, "Deleted."),
                                    errors: [400, 401, 403, 404, 409]),
            ],
            "/api/campaigns": [
                "get": operation("List campaigns", tag: "campaigns", roles: "admin (all), supervisor (its scopes), agent (its campaigns)",
                                 success: (200, array(ref("Campaign")), "The campaigns the caller may see."), errors: [401]),
                "post": operation("Create a campaign", tag: "campaigns", roles: admin, body: "CampaignInput",
                                  success: (201, ref("Campaign"), "Created, with defaults for omitted settings."),
                                  errors: [400, 401, 403, 409, 422], links: links([
                                      "getACampaign", "updateACampaign", "deleteACampaign", "listCampaignMembers", "addACampaignMember",
                                      "replaceCannedResponses",
                                  ], ["id": "$response.body#/id"])),
            ],
            "/api/campaigns/{id}": [
                "parameters": [campaignID],
                "get": operation("Get a campaign", tag: "campaigns", roles: "any logged-in user who may see it",
                                 success: (200, ref("Campaign"), "The campaign."), errors: [400, 401, 404]),
                "put": operation("Update a campaign", tag: "campaigns", roles: admin, body: "CampaignInput",
                                 success: (200, ref("Campaign"), "Updated; omitted fields are kept."),
                                 errors: [400, 401, 403, 404, 409, 422]),
                "delete": operation("Delete a campaign", tag: "campaigns", roles: admin, success: (204, nil, "Deleted."),
                                    errors: [400, 401, 403, 404, 409]),
            ],
            "/api/campaigns/{id}/members": [
                "parameters": [campaignID],
                "get": operation("List campaign members", tag: "campaigns", roles: "admin, supervisor (its scopes)",
                                 success: (200, array(ref("User")), "The member agents."), errors: [400, 401, 403, 404]),
                "post": operation("Add a campaign member", tag: "campaigns", roles: admin, body: "NewMember",
                                  success: (201, array(ref("User")), "Added (200 when already a member); the members."),
                                  errors: [400, 401, 403, 404, 422], links: links(
                                      ["removeACampaignMember"], ["id": "$request.path.id", "agentId": "$request.body#/agentId"])),
            ],
            "/api/campaigns/{id}/members/{agentId}": [
                "parameters": [campaignID, pathID("agentId", "The agent's user id.")],
                "delete": operation("Remove a campaign member", tag: "campaigns", roles: admin, success: (204, nil, "Removed."),
                                    errors: [400, 401, 403, 404]),
            ],
            "/api/campaigns/{id}/canned-responses": [
                "parameters": [campaignID],
                "put": operation("Replace canned responses", tag: "campaigns", roles: admin, body: "CannedResponses",
                                 success: (200, ref("Campaign"), "The campaign."), errors: [400, 401, 403, 404, 422]),
            ],
        ]
        paths.merge(userPaths) { $1 }
        paths.merge(recordingPaths) { $1 }
        paths["/api/pause-reasons"] = [
            "get": operation("List pause reasons", tag: "campaigns", roles: "any logged-in user",
                             success: (200, ref("PauseReasons"), "The center's pause reasons, in order."), errors: [401]),
            "put": operation("Replace pause reasons", tag: "campaigns", roles: admin, body: "PauseReasons",
                             success: (200, ref("PauseReasons"), "The new list."), errors: [400, 401, 403, 422]),
        ]
        paths.merge(auditPaths) { $1 }
        paths.merge(outgoingPaths) { $1 }
        return paths
    }

    /// Templates and outgoing conversations.
    private static var outgoingPaths: JSON {
        let campaignID = pathID("id", "The campaign's id.")
        return [
            "/api/campaigns/{id}/templates": [
                "parameters": [campaignID],
                "get": operation("List campaign templates", tag: "campaigns", roles: "any logged-in user who may see the campaign",
                                 success: (200, array(ref("Template")), "The campaign's templates, by name and language."),
                                 errors: [400, 401, 404]),
                "post": operation("Create a campaign template", tag: "campaigns", roles: "admin", body: "TemplateInput",
                                  success: (201, ref("Template"), "Created."), errors: [400, 401, 403, 404, 409, 422],
                                  links: links(["updateACampaignTemplate", "deleteACampaignTemplate"],
                                               ["id": "$request.path.id", "templateId": "$response.body#/id"])),
            ],
            "/api/campaigns/{id}/templates/{templateId}": [
                "parameters": [campaignID, pathID("templateId", "The template's id.")],
                "put": operation("Update a campaign template", tag: "campaigns", roles: "admin", body: "TemplateInput",
                                 success: (200, ref("Template"), "Updated (messages already queued keep the old text)."),
                                 errors: [400, 401, 403, 404, 409, 422]),
                "delete": operation("Delete a campaign template", tag: "campaigns", roles: "admin", success: (204, nil, "Deleted."),
                                    errors: [400, 401, 403, 404]),
            ],
            "/api/interactions": [
                "post": operation("Start an outgoing conversation", tag: "campaigns",
                                  roles: "agent (for itself), supervisor or admin (for an agent of a campaign it supervises)",
                                  body: "OutgoingInput",
                                  success: (201, ref("OutgoingInteraction"),
                                            "Started: recorded with address outgoing, held by the agent, the template queued."),
                                  errors: [400, 401, 403, 404, 409, 422]),
            ],
        ]
    }

    private static var userPaths: JSON {
        let admin = "admin"
        let userID = pathID("id", "The user's id.")
        return [
            "/api/users": [
                "get": operation("List users", tag: "users", roles: admin, success: (200, array(ref("User")), "Every user."),
                                 errors: [401, 403]),
                "post": operation("Create a user", tag: "users", roles: admin, body: "UserInput", success: (201, ref("User"), "Created."),
                                  errors: [400, 401, 403, 409, 422], links: links(
                                      ["getAUser", "updateAUser", "deleteAUser", "setAUserSPassword"], ["id": "$response.body#/id"])),
            ],
            "/api/users/{id}": [
                "parameters": [userID],
                "get": operation("Get a user", tag: "users", roles: admin, success: (200, ref("User"), "The user."),
                                 errors: [400, 401, 403, 404]),
                "put": operation("Update a user", tag: "users", roles: admin, body: "UserUpdate",
                                 success: (200, ref("User"), "Updated; omitted fields are kept."),
                                 errors: [400, 401, 403, 404, 409, 422]),
                "delete": operation("Delete a user", tag: "users", roles: admin + " (not itself, not the last admin)",
                                    success: (204, nil, "Deleted; its sessions end at once."), errors: [400, 401, 403, 404, 409]),
            ],
            "/api/users/{id}/password": [
                "parameters": [userID],
                "put": operation("Set a user's password", tag: "users", roles: admin, body: "NewPassword",
                                 success: (204, nil, "Changed; the user's other sessions end (not the caller's own)."),
                                 errors: [400, 401, 403, 404, 422]),
            ],
        ]
    }

    private static var recordingFilters: [JSON] {
        let instant = "ISO 8601 date (2024-05-01) or date-time (2024-05-01T10:00:00Z, UTC when no offset), or epoch milliseconds."
        return [
            query("from", string(maxLength: 40), "Enqueued at or after. " + instant),
            query("to", string(maxLength: 40), "Enqueued at or before (a bare date includes its whole day). " + instant),
            query("number", string(maxLength: 40), "The customer's HeyNow number, exactly."),
            query("subject", string(maxLength: 200), "Text the subject contains."),
            query("campaign", string(maxLength: 2000), "Campaign ids separated by commas."),
            query("agent", integer(minimum: 1), "The agent's user id."),
            query("state", string(maxLength: 100), "States separated by commas: queued, reserved, active, closed, abandoned."),
            query("address", enumeration(InteractionDirection.allCases.map(\.rawValue)), "Incoming or outgoing."),
            query("q", string(maxLength: 200), "Words that must all appear in the messages (a trailing * matches a prefix)."),
            query("sort", enumeration(RecordingSort.allCases.map(\.rawValue)), "Sort column (default date)."),
            query("order", enumeration(["asc", "desc"]), "Sort direction (default desc)."),
        ]
    }

    private static var recordingPaths: JSON {
        let readers = "admin, supervisor (its scopes)"
        let paging = [
            query("page", integer(minimum: 1, maximum: 1_000_000), "Page number, from 1."),
            query("pageSize", integer(minimum: 1, maximum: RecordingSearch.maxPageSize), "Rows per page (default 50)."),
        ]
        var csv = operation("Export recordings as CSV", tag: "recordings", roles: readers,
                            success: (200, nil, "RFC 4180 CSV, streamed; cells that start like a formula get a leading apostrophe."),
                            errors: [401, 403, 422], parameters: recordingFilters)
        csv["responses"] = (csv["responses"] as? JSON ?? [:]).merging([
            "200": ["description": "RFC 4180 CSV, streamed; formula-like cells get a leading apostrophe.",
                    "content": ["text/csv": ["schema": string()]]],
        ]) { $1 }
        return [
            "/api/recordings": ["get": operation(
                "Search recordings", tag: "recordings", roles: readers, success: (200, ref("RecordingPage"), "One page of matches."),
                errors: [401, 403, 422], parameters: recordingFilters + paging,
                links: links(["getARecording"], ["id": "$response.body#/items/0/id"]))],
            "/api/recordings.csv": ["get": csv],
            "/api/recordings/{id}": ["get": operation(
                "Get a recording", tag: "recordings", roles: readers,
                success: (200, ref("RecordingDetail"), "The interaction with its transcript."), errors: [400, 401, 403, 404],
                parameters: [pathID("id", "The interaction's id.")])],
            "/api/recordings/{id}/transcript.csv": ["get": csvOperation(
                "Export a transcript as CSV", tag: "recordings", roles: readers, errors: [400, 401, 403, 404],
                parameters: [pathID("id", "The interaction's id.")])],
            "/api/media/{id}": ["get": mediaOperation],
        ]
    }

    /// A message's media, fetched from its provider (binary; pictures, sound and video inline, anything else as a download).
    private static var mediaOperation: JSON {
        var media = operation("A message's media", tag: "recordings", roles: "admin, supervisor or agent of the message's campaign",
                              success: (200, nil, "The media's bytes."), errors: [400, 401, 403, 404, 502],
                              parameters: [pathID("id", "The message's id.")])
        media["responses"] = (media["responses"] as? JSON ?? [:]).merging([
            "200": ["description": "The media's bytes: image/jpeg, png, gif, webp, audio and video inline; anything else "
                        + "application/octet-stream with Content-Disposition: attachment.",
                    "content": ["application/octet-stream": ["schema": ["type": "string", "format": "binary"]]]],
        ]) { $1 }
        return media
    }

    /// A GET answered with CSV.
    private static func csvOperation(_ summary: String, tag: String, roles: String, errors: [Int], parameters: [JSON]) -> JSON {
        var csv = operation(summary, tag: tag, roles: roles, success: (200, nil, "RFC 4180 CSV; formula-like cells get a leading apostrophe."),
                            errors: errors, parameters: parameters)
        csv["responses"] = (csv["responses"] as? JSON ?? [:]).merging([
            "200": ["description": "RFC 4180 CSV; formula-like cells get a leading apostrophe.",
                    "content": ["text/csv": ["schema": string()]]],
        ]) { $1 }
        return csv
    }

    private static var auditPaths: JSON {
        let readers = "admin, supervisor (entries naming an agent of its campaigns)"
        let instant = "ISO 8601 date or date-time (UTC when no offset), or epoch milliseconds."
        let filters = [
            query("from", string(maxLength: 40), "At or after. " + instant),
            query("to", string(maxLength: 40), "At or before (a bare date includes its whole day). " + instant),
            query("user", integer(minimum: 1), "The acting user's id."),
            query("action", string(maxLength: 100), "An action (login.failure), or a prefix ending in a dot (agent.)."),
            query("target", string(maxLength: 200), "A target (agent:12), also matching targets that start with it and a space."),
        ]
        let paging = [
            query("page", integer(minimum: 1, maximum: 1_000_000), "Page number, from 1."),
            query("pageSize", integer(minimum: 1, maximum: AuditSearch.maxPageSize), "Rows per page (default 50)."),
        ]
        return [
            "/api/audit": ["get": operation(
                "Search the audit log", tag: "audit", roles: readers, success: (200, ref("AuditPage"), "One page, newest first."),
                errors: [401, 403, 422], parameters: filters + paging)],
            "/api/audit.csv": ["get": csvOperation("Export the audit log as CSV", tag: "audit", roles: readers, errors: [401, 403, 422],
                                                   parameters: filters)],
        ]
    }

    // MARK: - Schemas

    private static var schemas: JSON {
        let seconds = integer("Seconds.", minimum: 0, maximum: CampaignBody.maxSeconds, nullable: true)
        let thresholdNames = ["longestWait", "asa", "aht", "firstResponse"]
        var thresholds: JSON = [:]
        for name in thresholdNames {
            thresholds[name + "Warning"] = seconds
            thresholds[name + "Critical"] = seconds
        }
        thresholds["serviceLevelFloor"] = integer("Percent; defaults to the service-level target.", minimum: 0, maximum: 100, nullable: true)
        let canned = object(["title": text(maxLength: 100), "body": text(maxLength: 4096)], required: ["title", "body"])
        let role = enumeration(UserRole.accountRoles.map(\.rawValue))
        let anyRole = enumeration(UserRole.allCases.map(\.rawValue))   // `/api/me` of a kiosk answers `kiosk`
        let secret = text("Write-only: never returned.", maxLength: 4096)
        let passwordSchema = string("At least 8 characters.", maxLength: 256).merging(["minLength": 8]) { $1 }
        var numbers = array(text("+ and 3 to 20 digits.", maxLength: 21, pattern: phonePattern))
        numbers["minItems"] = 1
        numbers["maxItems"] = 50
        var schemas: JSON = [
            "Error": object([
                "error": object([
                    "code": string("Stable machine-readable code."), "message": string(),
                    "fields": ["type": "object", "additionalProperties": ["type": "string"], "description": "Field → problem."],
                ], required: ["code", "message"]),
            ], required: ["error"]),
            "Login": object(["username": text(maxLength: 64), "password": string(maxLength: 256)], required: ["username", "password"]),
            "LoginAnswer": object(["user": ref("User"), "expiresAt": milliseconds], required: ["user", "expiresAt"]),
            "User": object([
                "id": integer(), "username": string(), "displayName": string(), "role": anyRole, "monitorScreen": boolean,
                "supervisorScopes": array(integer()), "createdAt": milliseconds,
            ], required: ["id", "username", "displayName", "role", "monitorScreen", "supervisorScopes", "createdAt"]),
            "UserInput": object([
                "username": text("Letters, digits and . _ @ -", maxLength: 64, pattern: "^[A-Za-z0-9._@-]+$"),
                "password": passwordSchema,
                "displayName": text(maxLength: 100), "role": role, "monitorScreen": boolean,
                "supervisorScopes": array(integer(minimum: 1)),
            ], required: ["username", "password", "role"]).merging(["example": [
                "username": "ana.agent", "password": "a long password", "displayName": "Ana", "role": "agent", "monitorScreen": true,
            ] as JSON]) { $1 },
            "UserUpdate": object([
                "displayName": text(maxLength: 100), "role": role, "monitorScreen": boolean, "supervisorScopes": array(integer(minimum: 1)),
            ]),
            "NewPassword": object(["password": passwordSchema], required: ["password"]),
            "ProviderInput": object([
                "name": text(maxLength: 100), "kind": enumeration(ProviderKind.allCases.map(\.rawValue), "Required on create; cannot change."),
                "baseUrl": text("http or https URL.", maxLength: 2048, pattern: urlPattern),
                "numbers": numbers,
                "phoneNumberId": text("cloud only.", maxLength: 100), "accessToken": secret, "appSecret": secret, "verifyToken": secret,
                "accountSid": text("classic only.", maxLength: 100), "authToken": secret,
            ], required: ["name", "baseUrl", "numbers"], description: "Secrets are required on create and kept when omitted on update.")
                .merging(["example": [
                    "name": "HeyNow Cloud", "kind": "cloud", "baseUrl": "https://graph.example.com/v19.0", "numbers": ["+59899000001"],
                    "phoneNumberId": "109876543210", "accessToken": "EAAG-example", "appSecret": "example-app-secret",
                    "verifyToken": "example-verify-token",
                ] as JSON]) { $1 },
            "Provider": object([
                "id": integer(), "name": string(), "kind": enumeration(ProviderKind.allCases.map(\.rawValue)), "baseUrl": string(),
                "numbers": array(string()), "phoneNumberId": string(), "accessTokenSet": boolean, "appSecretSet": boolean,
                "verifyTokenSet": boolean, "accountSid": string(), "authTokenSet": boolean, "createdAt": milliseconds,
                "verifyToken": string("cloud: shown to administrators with the webhook URL, to paste into the provider's console."),
            ], required: ["id", "name", "kind", "baseUrl", "numbers", "createdAt"]),
            "Thresholds": object(thresholds, description: "Alert levels; absent or null means no alert."),
            "CannedResponse": canned,
            "CannedResponses": object(["cannedResponses": array(ref("CannedResponse"))], required: ["cannedResponses"]),
            "PauseReasons": object(["pauseReasons": array(text("Unique; at most 50.", maxLength: 100))], required: ["pauseReasons"]),
            "NewMember": object(["agentId": integer("A user with the agent role.", minimum: 1)], required: ["agentId"]),
        ]
        schemas.merge(campaignSchemas) { $1 }
        schemas.merge(recordingSchemas) { $1 }
        schemas["TemplateInput"] = object([
            "name": text("The provider's approved template name (lowercase letters, digits, _).", maxLength: 512, pattern: "^[a-z0-9_]+$"),
            "language": text("Language code (en, en_US).", maxLength: 16, pattern: "^[a-z]{2,3}(_[A-Za-z]{2,4})*$"),
            "body": text("The text with {{1}}, {{2}}… parameters, numbered without gaps (at most 20).", maxLength: 1024),
            "contentSid": string("Classic providers: the Twilio Content SID (HX + 32 hex digits); without it the body is sent.",
                                 maxLength: 34),
        ], required: ["name", "language", "body"])
        schemas["Template"] = object([
            "id": integer(), "campaignId": integer(), "name": string(), "language": string(), "body": string(), "contentSid": string(),
            "parameterCount": integer("How many variables a send gives."), "createdAt": milliseconds,
        ], required: ["id", "campaignId", "name", "language", "body", "parameterCount", "createdAt"])
        schemas["OutgoingInput"] = object([
            "campaignId": integer(minimum: 1), "templateId": integer("A template of the campaign.", minimum: 1),
            "number": text("The customer's number in E.164.", maxLength: 16, pattern: "^\\+[1-9][0-9]{7,14}$"),
            "variables": array(text("The value of {{n}}, in order.", maxLength: 1024)),
            "agentId": integer("Required for supervisors and administrators: the agent who holds it.", minimum: 1),
        ], required: ["campaignId", "templateId", "number"])
        schemas["OutgoingInteraction"] = object([
            "id": integer(), "campaignId": integer(), "number": string(), "agentId": integer(),
            "address": enumeration([InteractionDirection.outgoing.rawValue]), "state": enumeration(["active"]), "startedAt": milliseconds,
        ], required: ["id", "campaignId", "number", "agentId", "address", "state", "startedAt"])
        return schemas
    }

    private static var campaignSchemas: JSON {
        let settings: JSON = [
            "name": text(maxLength: 100), "providerId": integer(minimum: 1),
            "number": text("One of the provider's numbers.", maxLength: 21, pattern: phonePattern),
            "maxInteractionsPerAgent": integer("Default 3.", minimum: 1, maximum: 100), "thresholds": ref("Thresholds"),
            "cannedResponses": array(ref("CannedResponse")), "enabled": boolean,
            "timeZone": text("IANA name (default UTC).", maxLength: 64, pattern: "^[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)*$"),
            "serviceLevelSeconds": integer("T of the service level (default 60).", minimum: 0, maximum: CampaignBody.maxSeconds),
            "serviceLevelTarget": integer("Percent (default 80).", minimum: 0, maximum: 100),
            "shortAbandonSeconds": integer("Default 10.", minimum: 0, maximum: CampaignBody.maxSeconds),
            "maxQueueSeconds": integer("Default 600.", minimum: 1, maximum: CampaignBody.maxSeconds),
            "autoAssign": boolean,
            "reservationSeconds": integer("How long an auto-assign offer waits for the agent (default 30).", minimum: 1, maximum: 3600),
            "dispositions": array(text("An outcome agents pick when closing; unique, at most 50.", maxLength: 100)),
        ]
        var campaign = settings
        campaign["id"] = integer()
        campaign["members"] = array(integer())
        campaign["createdAt"] = milliseconds
        return [
            "CampaignInput": object(settings, required: ["name", "providerId", "number"],
                                    description: "Name, provider and number are required on create; omitted fields keep their value on update.")
                .merging(["example": [
                    "name": "Sales", "providerId": 1, "number": "+59899000001", "maxInteractionsPerAgent": 3, "timeZone": "America/Montevideo",
                    "thresholds": ["longestWaitWarning": 60, "longestWaitCritical": 120], "cannedResponses": [["title": "Hello", "body": "Hi!"]],
                ] as JSON]) { $1 },
            "Campaign": object(campaign, required: Array(campaign.keys).sorted()),
        ]
    }

    private static var recordingSchemas: JSON {
        let direction = enumeration(InteractionDirection.allCases.map(\.rawValue))
        let state = enumeration(InteractionState.allCases.map(\.rawValue))
        let recording: JSON = [
            "id": integer(), "date": milliseconds, "number": string(), "campaignId": integer(), "campaignName": string(),
            "agentId": integer(), "agentName": string(), "address": direction, "state": state, "durationMs": integer(),
            "messageCount": integer(), "subject": string(),
        ]
        let detail: JSON = [
            "id": integer(), "campaignId": integer(), "campaignName": string(), "providerId": integer(), "number": string(),
            "address": direction, "state": state, "agentId": integer(), "agentName": string(), "subject": string(),
            "disposition": string(), "enqueuedAt": milliseconds, "firstTakenAt": milliseconds, "takenAt": milliseconds, "firstAgentReplyAt": milliseconds,
            "closedAt": milliseconds, "abandonedAt": milliseconds, "messageCount": integer(), "lastMessageAt": milliseconds,
            "transcript": array(ref("TranscriptMessage")),
            "timeline": array(object([
                "kind": enumeration(["enqueued", "taken", "requeued", "closed", "abandoned"]), "at": milliseconds,
                "agentId": integer(), "agentName": string(),
            ], required: ["kind", "at"])),
        ]
        return [
            "Recording": object(recording, required: [
                "id", "date", "number", "campaignId", "campaignName", "address", "state", "messageCount",
            ]),
            "RecordingPage": object([
                "items": array(ref("Recording")), "total": integer(), "page": integer(), "pageSize": integer(),
            ], required: ["items", "total", "page", "pageSize"]),
            "RecordingDetail": object(detail, required: [
                "id", "campaignId", "campaignName", "number", "address", "state", "enqueuedAt", "messageCount", "transcript",
                "timeline",
            ]),
            "AuditEntry": object([
                "id": integer(), "at": milliseconds, "actorId": integer(), "actorName": string(), "actorRole": string(),
                "action": string(), "target": string(), "detail": string(), "address": string(), "userAgent": string(),
            ], required: ["id", "at", "action"]),
            "AuditPage": object([
                "items": array(ref("AuditEntry")), "total": integer(), "page": integer(), "pageSize": integer(),
            ], required: ["items", "total", "page", "pageSize"]),
            "TranscriptMessage": object([
                "id": integer(), "sender": enumeration(MessageSender.allCases.map(\.rawValue)), "agentId": integer(), "agentName": string(),
                "at": milliseconds, "body": string(), "delivery": enumeration(DeliveryState.allCases.map(\.rawValue)), "deliveryReason": string(),
                "media": object([
                    "type": string(), "mimeType": string(), "fileName": string(), "caption": string(),
                ], required: ["type"], description: "The message's media, fetched through GET /api/media/{id} (the message's id)."),
            ], required: ["id", "sender", "at", "body"]),
        ]
    }
}
