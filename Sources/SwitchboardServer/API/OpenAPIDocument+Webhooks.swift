// MARK: - The providers' webhooks (README "Webhooks"): signed by the provider, no session

extension OpenAPIDocument {
    static var webhookPaths: JSON {
        let providerID = pathID("id", "The provider's id (its webhook URL is shown on the administration page).")
        let signedErrors: [Int: String] = [
            400: "The body is not the provider's format (`bad_request`, with the parser's reason).",
            403: "The signature (or the verify token) does not match: nothing was recorded.",
            404: "No provider of this kind with this id, or the message names a number no campaign answers.",
            413: "The body is over `serve --max-webhook-bytes`.",
            503: "The store is unavailable: nothing was recorded, the provider retries.",
        ]
        func signed(_ summary: String, description: String, body: (String, JSON)?, success: String) -> JSON {
            var responses: JSON = ["200": ["description": success, "content": ["text/plain": ["schema": ["type": "string"]]]]]
            for (code, text) in signedErrors { responses[String(code)] = json(ref("Error"), text) }
            responses["default"] = json(ref("Error"), "Any other error.")
            var op: JSON = ["summary": summary, "tags": ["webhooks"], "description": description, "responses": responses,
                            "security": [JSON](), "operationId": operationID(summary)]
            if let body { op["requestBody"] = ["required": true, "content": [body.0: ["schema": body.1]]] }
            return op
        }
        let verifyQuery: [JSON] = [
            ["name": "hub.mode", "in": "query", "required": true, "schema": ["type": "string", "enum": ["subscribe"]]],
            ["name": "hub.verify_token", "in": "query", "required": true, "schema": ["type": "string"],
             "description": "The provider's verify token."],
            ["name": "hub.challenge", "in": "query", "required": true, "schema": ["type": "string"],
             "description": "Echoed back when the token matches."],
        ]
        var verify = signed("Verify a cloud webhook", description: "Meta's subscription check: answers the challenge when the verify token is the provider's.",
                            body: nil, success: "The challenge.")
        verify["parameters"] = verifyQuery
        return [
            "/webhooks/cloud/{id}": [
                "parameters": [providerID],
                "get": verify,
                "post": signed(
                    "Receive a cloud webhook",
                    description: "Meta's WhatsApp Cloud API payload (`object`, `entry[].changes[].value` with messages and statuses), signed with `X-Hub-Signature-256` (HMAC-SHA256 of the raw body with the app secret). Answered 200 once every message is committed; a repeated message id is recorded once.",
                    body: ("application/json", ["type": "object"]), success: "Recorded."),
            ],
            "/webhooks/classic/{id}": [
                "parameters": [providerID],
                "post": signed(
                    "Receive a classic webhook",
                    description: "A Twilio-style form (`MessageSid`, `From`, `To`, `Body`, `NumMedia`, … or a status callback with `MessageStatus`), signed with `X-Twilio-Signature` (HMAC-SHA1 of the URL and the sorted parameters with the auth token). Answered 200 once committed.",
                    body: ("application/x-www-form-urlencoded", ["type": "object", "additionalProperties": ["type": "string"]]),
                    success: "Recorded."),
            ],
        ]
    }
}
