#!/usr/bin/env python3
"""Seeds a demo Switchboard through its own REST API: two providers (one of each kind) whose baseUrl is the
simulator's provider endpoint, three campaigns with canned responses, templates and low thresholds (so the demo crosses
them), two supervisors with different scopes, twenty agents.

usage: seed_demo.py BASE_URL ADMIN_USER ADMIN_PASSWORD PROVIDER_URL
           prints the `switchboard simulate` arguments (one a line) for what it created
       seed_demo.py --logins [SIMULATED]   (prints the logins it creates; the first SIMULATED agents are simulated)
"""
import json
import sys
import unicodedata
import urllib.request

SUPERVISORS = [("sofia", "Sofía Supervisor", "supervise-1", ["Sales", "Support"]),
               ("mateo", "Mateo Supervisor", "supervise-2", ["Billing"])]
AGENT_NAMES = ["Alex", "Bea", "Carlos", "Dana", "Emilio", "Flor", "Gastón", "Helena", "Iván", "Julia",
               "Kevin", "Lola", "Martín", "Noelia", "Óscar", "Paula", "Quique", "Rocío", "Santi", "Tania"]
AGENTS = [(unicodedata.normalize("NFKD", name.lower()).encode("ascii", "ignore").decode(), f"{name} Agent", f"agent-pass-{n + 1}")
          for n, name in enumerate(AGENT_NAMES)]
SIMULATED = 14

CLOUD = {"phoneNumberId": "100200300", "accessToken": "demo-token", "appSecret": "demo-app-secret", "verifyToken": "demo-verify"}
CLASSIC = {"accountSid": "AC00000000000000000000000000demo", "authToken": "demo-auth-token"}
# Low on purpose: a few minutes of demo traffic crosses them.
THRESHOLDS = {"longestWaitWarning": 20, "longestWaitCritical": 45, "asaWarning": 10, "asaCritical": 25,
              "ahtWarning": 45, "ahtCritical": 90, "firstResponseWarning": 8, "firstResponseCritical": 20,
              "serviceLevelFloor": 90}
CANNED = {
    "Sales": [("Greeting", "Hi! Thanks for your interest, how can I help?"), ("Prices", "You'll find our plans at example.com/plans."),
              ("Closing", "Anything else I can do for you?")],
    "Support": [("Greeting", "Hello! How can I help you?"), ("Wait", "Thanks for waiting, I'm checking."),
                ("Restart", "Could you try restarting the app and tell me what you see?")],
    "Billing": [("Greeting", "Hi, this is Billing. What can I do for you?"), ("Invoice", "I've sent the invoice to your email."),
                ("Refund", "Your refund is on its way: 3 to 5 business days.")],
}

# Approved WhatsApp templates: what an agent sends to start a conversation or after 24 h without a customer message.
# The classic campaigns' carry a Twilio Content SID (sent as ContentSid + ContentVariables).
TEMPLATES = {
    "Sales": [("follow_up", "en", "Hi {{1}}, thanks for your interest in {{2}}. Shall we continue?", None),
              ("offer", "es", "Hola {{1}}, tenemos una oferta para vos: {{2}}.", None)],
    "Support": [("ticket_update", "en", "Hi {{1}}, your ticket {{2}} has an update. Reply to continue.",
                 "HX" + "5" * 32)],
    "Billing": [("invoice_ready", "en", "Hi {{1}}, your invoice {{2}} is ready.", "HX" + "b" * 32),
                ("payment_reminder", "es", "Hola {{1}}, le recordamos el vencimiento de su factura.", None)],
}


def logins(simulated):
    for username, name, password, scope in SUPERVISORS:
        print(f"  {username:<11} / {password:<16} (supervisor of {', '.join(scope)})")
    for n, (username, name, password) in enumerate(AGENTS):
        if n >= simulated:
            print(f"  {username:<11} / {password:<16} (agent, free for you)")
    if simulated:
        print(f"  ({', '.join(u for u, _, _ in AGENTS[:simulated])}: simulated agents, passwords agent-pass-1…{simulated})")


class Client:
    def __init__(self, base):
        self.base = base
        self.cookie = None

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        if self.cookie:
            request.add_header("Cookie", self.cookie)
        try:
            with urllib.request.urlopen(request) as response:
                cookie = response.headers.get("Set-Cookie")
                if cookie:
                    self.cookie = cookie.split(";")[0]
                raw = response.read()
                return json.loads(raw) if raw else None
        except urllib.error.HTTPError as error:
            sys.exit(f"seed: {method} {path} -> {error.code} {error.read().decode(errors='replace')}")


def main():
    if sys.argv[1:2] == ["--logins"]:
        logins(int(sys.argv[2]) if len(sys.argv) > 2 else SIMULATED)
        return
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    base, admin, password, provider_url = sys.argv[1:5]
    api = Client(base)
    api.call("POST", "/api/login", {"username": admin, "password": password})
    cloud = api.call("POST", "/api/providers", {"kind": "cloud", "name": "HeyNow Cloud", "baseUrl": provider_url,
                                                "numbers": ["+59899000001"], **CLOUD})
    classic = api.call("POST", "/api/providers", {"kind": "classic", "name": "HeyNow Classic", "baseUrl": provider_url,
                                                  "numbers": ["+59899000002", "+59899000003"], **CLASSIC})
    campaigns = {}
    for name, provider, number, maximum in [("Sales", cloud, "+59899000001", 3), ("Support", classic, "+59899000002", 2),
                                            ("Billing", classic, "+59899000003", 2)]:
        campaigns[name] = api.call("POST", "/api/campaigns", {
            "name": name, "providerId": provider["id"], "number": number, "maxInteractionsPerAgent": maximum,
            "serviceLevelSeconds": 30, "thresholds": THRESHOLDS,
            "cannedResponses": [{"title": t, "body": b} for t, b in CANNED[name]]})
        for template, language, body, sid in TEMPLATES[name]:
            api.call("POST", f"/api/campaigns/{campaigns[name]['id']}/templates",
                     {"name": template, "language": language, "body": body, **({"contentSid": sid} if sid else {})})
    names = list(campaigns)
    for n, (username, name, password) in enumerate(AGENTS):
        agent = api.call("POST", "/api/users", {"username": username, "displayName": name, "role": "agent", "password": password,
                                                "monitorScreen": True})
        # Each agent works two of the three campaigns, so every campaign has about two thirds of them.
        for campaign in (names[n % 3], names[(n + 1) % 3]):
            api.call("POST", f"/api/campaigns/{campaigns[campaign]['id']}/members", {"agentId": agent["id"]})
    for username, name, password, scope in SUPERVISORS:
        api.call("POST", "/api/users", {"username": username, "displayName": name, "role": "supervisor", "password": password,
                                        "supervisorScopes": [campaigns[c]["id"] for c in scope]})
    print(f"--cloud=id={cloud['id']},number=+59899000001,secret={CLOUD['appSecret']},account={CLOUD['phoneNumberId']}")
    print(f"--classic=id={classic['id']},number=+59899000002,number=+59899000003,secret={CLASSIC['authToken']},account={CLASSIC['accountSid']}")
    for campaign in campaigns.values():
        print(f"--campaign={campaign['id']}")
    for username, _, password in AGENTS:
        print(f"--agent={username}:{password}")


if __name__ == "__main__":
    main()
