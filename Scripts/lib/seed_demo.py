#!/usr/bin/env python3
"""Seeds a demo Switchboard through its own REST API: providers, campaigns, supervisors, agents, members.

usage: seed_demo.py BASE_URL ADMIN_USER ADMIN_PASSWORD
       seed_demo.py --logins      (prints the logins it creates)
"""
import json
import sys
import urllib.request

SUPERVISORS = [("sofia", "Sofía Supervisor", "supervise-1")]
AGENTS = [("alex", "Alex Agent", "agent-pass-1"), ("bea", "Bea Agent", "agent-pass-2"),
          ("carlos", "Carlos Agent", "agent-pass-3"), ("dana", "Dana Agent", "agent-pass-4")]


def logins():
    for username, name, password in SUPERVISORS:
        print(f"  {username:<11} / {password}   (supervisor)")
    for username, name, password in AGENTS:
        print(f"  {username:<11} / {password}   (agent)")


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
    if sys.argv[1:] == ["--logins"]:
        logins()
        return
    base, admin, password = sys.argv[1:4]
    api = Client(base)
    api.call("POST", "/api/login", {"username": admin, "password": password})
    cloud = api.call("POST", "/api/providers", {
        "kind": "cloud", "name": "HeyNow Cloud", "baseUrl": "http://127.0.0.1:9/cloud", "numbers": ["+59899000001"],
        "phoneNumberId": "100200300", "accessToken": "demo-token", "appSecret": "demo-secret", "verifyToken": "demo-verify"})
    classic = api.call("POST", "/api/providers", {
        "kind": "classic", "name": "HeyNow Classic", "baseUrl": "http://127.0.0.1:9/classic", "numbers": ["+59899000002"],
        "accountSid": "AC0000demo", "authToken": "demo-auth"})
    agents = [api.call("POST", "/api/users", {"username": u, "displayName": n, "role": "agent", "password": p,
                                               "monitorScreen": True}) for u, n, p in AGENTS]
    sales = api.call("POST", "/api/campaigns", {"name": "Sales", "providerId": cloud["id"], "number": "+59899000001",
                                                "maxInteractionsPerAgent": 3})
    support = api.call("POST", "/api/campaigns", {"name": "Support", "providerId": classic["id"], "number": "+59899000002",
                                                  "maxInteractionsPerAgent": 2,
                                                  "cannedResponses": [{"title": "Greeting", "body": "Hello! How can I help you?"}, {"title": "Wait", "body": "Thanks for waiting."}]})
    for agent in agents[:3]:
        api.call("POST", f"/api/campaigns/{sales['id']}/members", {"agentId": agent["id"]})
    for agent in agents[1:]:
        api.call("POST", f"/api/campaigns/{support['id']}/members", {"agentId": agent["id"]})
    for username, name, password in SUPERVISORS:
        api.call("POST", "/api/users", {"username": username, "displayName": name, "role": "supervisor", "password": password,
                                        "supervisorScopes": [sales["id"], support["id"]]})


if __name__ == "__main__":
    main()
