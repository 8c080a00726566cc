"""What the browser tests share: a real `switchboard serve` on a free port with its own SQLite file, the people
and campaigns of the tests seeded through the CLI and the REST API, customers who write through signed cloud
webhooks (exactly as the provider would: X-Hub-Signature-256 over the raw body) and the provider's status
callbacks, a provider send API of the test's own, a logged-in browser page, a live socket opened from a browser
context, and the README screenshots. The browser itself is `conftest.py`'s fixture.
"""
import hashlib
import hmac
import http.client
import json
import os
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

APP_SECRET = "inbox-test-app-secret"
PHONE_NUMBER_ID = "109876543210"
CAMPAIGN_NUMBER = "+59899000100"
# The provider's other number, for a second campaign.
SECOND_NUMBER = "+59899000101"
PASSWORD = "correct horse battery"
SCREENSHOTS = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "docs", "screenshots")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def binary():
    path = os.environ.get("SWITCHBOARD_BIN")
    if not path:
        root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        path = os.path.join(root, ".build", "debug", "switchboard")
    if not os.access(path, os.X_OK):
        pytest.skip("SWITCHBOARD_BIN is not set to the switchboard executable")
    return path


def repo_root():
    return os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class Server:
    """A running switchboard with an admin, supervisors and agents; stopped by PID. `serve_args` go to `serve`."""

    def __init__(self, agents=("ana", "beto"), supervisors=("sam",), serve_args=()):
        self.dir = tempfile.mkdtemp(prefix="switchboard-browser-")
        self.db = os.path.join(self.dir, "browser.db")
        self.port = free_port()
        self.proc = None
        self.users = {}
        self.serve_args = list(serve_args)
        for name, role in [("root", "admin"), *[(s, "supervisor") for s in supervisors], *[(a, "agent") for a in agents]]:
            subprocess.run([binary(), "user", "add", "--db", self.db, "--username", name, "--name", name.capitalize(),
                            "--role", role, "--password", PASSWORD], check=True, stdout=subprocess.DEVNULL)
        self.start()
        self.admin = self.login("root")
        for user in self.request("GET", "/api/users", session=self.admin)[1]:
            self.users[user["username"]] = user

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        self.proc = subprocess.Popen(
            [binary(), "serve", "--port", str(self.port), "--db", self.db, "--public-dir", os.path.join(repo_root(), "Public"),
             "--loops", "1", "--log-level", "warning", *self.serve_args],
            stdout=subprocess.DEVNULL, stderr=open(os.path.join(self.dir, "server.log"), "ab"))
        deadline = time.monotonic() + 30
        while True:
            try:
                if self.request("GET", "/healthz")[0] == 200:
                    return
            except OSError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("switchboard did not start")
            time.sleep(0.05)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def restart(self):
        self.stop()
        self.start()

    def request(self, method, path, body=None, session=None, headers=None, raw=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        all_headers = dict(headers or {})
        data = raw
        if body is not None:
            data = json.dumps(body).encode()
            all_headers["Content-Type"] = "application/json"
        if session:
            all_headers["Cookie"] = f"sb_session={session}"
        conn.request(method, path, body=data, headers=all_headers)
        response = conn.getresponse()
        text = response.read().decode()
        cookie = response.getheader("Set-Cookie")
        conn.close()
        try:
            parsed = json.loads(text) if text else None
        except ValueError:
            parsed = text
        return response.status, parsed, cookie

    def login(self, username):
        status, _, cookie = self.request("POST", "/api/login", {"username": username, "password": PASSWORD})
        assert status == 200, f"login {username}: {status}"
        return cookie.split(";")[0].split("=", 1)[1]

    def seed_campaign(self, name="Ventas", members=("ana", "beto"), max_per_agent=3, canned=None, auto_assign=False,
                      number=CAMPAIGN_NUMBER, supervisors=("sam",), base_url="https://graph.example.test/v19.0"):
        """A cloud provider (app secret known to the tests; its send API at `base_url`) and a campaign on `number`
        with members and canned responses, added to the scope of `supervisors`."""
        if not hasattr(self, "provider"):
            status, provider, _ = self.request("POST", "/api/providers", {
                "name": "HeyNow Cloud", "kind": "cloud", "baseUrl": base_url,
                "numbers": [CAMPAIGN_NUMBER, SECOND_NUMBER], "phoneNumberId": PHONE_NUMBER_ID, "accessToken": "token-value",
                "appSecret": APP_SECRET, "verifyToken": "verify-me"}, session=self.admin)
            assert status == 201, provider
            self.provider = provider["id"]
        status, campaign, _ = self.request("POST", "/api/campaigns", {
            "name": name, "providerId": self.provider, "number": number, "maxInteractionsPerAgent": max_per_agent,
            "autoAssign": auto_assign,
            "cannedResponses": canned if canned is not None else [
                {"title": "Greeting", "body": "Hello! Thanks for writing to us."},
                {"title": "Tracking", "body": "Your order is on its way; the tracking number follows."},
            ]}, session=self.admin)
        assert status == 201, campaign
        for member in members:
            status, answer, _ = self.request("POST", f"/api/campaigns/{campaign['id']}/members",
                                             {"agentId": self.users[member]["id"]}, session=self.admin)
            assert status in (200, 201, 204), answer
        for supervisor in supervisors:
            user = self.users[supervisor]
            scopes = sorted(set(user.get("supervisorScopes") or []) | {campaign["id"]})
            status, answer, _ = self.request("PUT", f"/api/users/{user['id']}", {"supervisorScopes": scopes}, session=self.admin)
            assert status == 200, answer
            user["supervisorScopes"] = scopes
        self.campaign = campaign
        return campaign

    def customer_writes(self, number, text, name="Cliente", to=CAMPAIGN_NUMBER, bot=()):
        """A customer's WhatsApp message to the campaign number `to`, as Meta's cloud webhook posts it, signed with
        the app secret; `bot` is the chatbot's conversation before the handover, (from, text, epoch seconds) each."""
        value = {
            "contacts": [{"profile": {"name": name}, "wa_id": number.lstrip("+")}],
            "messages": [{"from": number.lstrip("+"), "id": f"wamid.{uuid.uuid4().hex}", "timestamp": str(int(time.time())),
                          "type": "text", "text": {"body": text}}],
        }
        if bot:
            value["bot_transcript"] = [{"from": who, "text": line, "timestamp": str(at)} for who, line, at in bot]
        self.cloud_webhook(value, to=to)

    def provider_reports(self, wamid, state, to=CAMPAIGN_NUMBER, recipient="+5491100000000", error=None):
        """The provider's status callback for a message it accepted (`sent`, `delivered`, `read` or `failed` with
        `error`, a (code, title) pair)."""
        status = {"id": wamid, "status": state, "timestamp": str(int(time.time())), "recipient_id": recipient.lstrip("+")}
        if error:
            status["errors"] = [{"code": error[0], "title": error[1]}]
        self.cloud_webhook({"statuses": [status]}, to=to)

    def cloud_webhook(self, value, to=CAMPAIGN_NUMBER):
        """Posts one change of Meta's webhook shape carrying `value`, signed with the app secret."""
        body = json.dumps({
            "object": "whatsapp_business_account",
            "entry": [{"id": "WABA", "changes": [{"field": "messages", "value": {
                "messaging_product": "whatsapp",
                "metadata": {"display_phone_number": to.lstrip("+"), "phone_number_id": PHONE_NUMBER_ID},
                **value,
            }}]}],
        }).encode()
        signature = "sha256=" + hmac.new(APP_SECRET.encode(), body, hashlib.sha256).hexdigest()
        status, answer, _ = self.request("POST", f"/webhooks/cloud/{self.provider}", raw=body,
                                         headers={"Content-Type": "application/json", "X-Hub-Signature-256": signature})
        if status in (404, 405) and not isinstance(answer, dict):
            pytest.skip("this build has no signed webhooks yet (providers issue)")
        assert status == 200, f"webhook answered {status}: {answer}"

    def remove(self):
        self.stop()
        subprocess.run(["rm", "-rf", self.dir], check=False)


def shot(page, name, full_page=False):
    """Refreshes a README screenshot when asked (UPDATE_SCREENSHOTS=1): test runs leave docs/ alone otherwise."""
    if os.environ.get("UPDATE_SCREENSHOTS") != "1":
        return
    os.makedirs(SCREENSHOTS, exist_ok=True)
    page.screenshot(path=os.path.join(SCREENSHOTS, name), full_page=full_page)


def logged_in_page(browser, server, username, errors, locale="en-US", viewport=None):
    """A new browser context logged in as `username` on /inbox/; console errors collected into `errors`."""
    context = browser.new_context(base_url=server.base, locale=locale, viewport=viewport or {"width": 1280, "height": 800})
    context.add_cookies([{"name": "sb_session", "value": server.login(username), "url": server.base}])
    page = context.new_page()
    page.on("console", lambda m: errors.append(f"{username}: {m.text} {m.location}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"{username}: {e}"))
    return page


class LiveSocket:
    """One user's `/live` socket, opened from a bare same-origin document in its own browser context: commands by
    protocol (what a page would send), each awaited until its ack or error."""

    def __init__(self, browser, server, username, errors):
        self.name = username
        self.page = logged_in_page(browser, server, username, errors)
        # The bare document's browser asks for /favicon.ico, which the site does not have.
        self.page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
        self.page.goto("/favicon.svg")
        self.page.evaluate("""() => new Promise((resolve) => {
            window.answers = {};
            window.ws = new WebSocket(`ws://${location.host}/live`);
            ws.onmessage = (e) => { const m = JSON.parse(e.data); if (m.id) answers[m.id] = m; };
            ws.onopen = () => resolve();
        })""")
        self.n = 0

    def answer(self, cmd, **args):
        """The ack or error of `cmd`."""
        self.n += 1
        key = f"{self.name}-{self.n}"
        self.page.evaluate("([cmd, args, id]) => ws.send(JSON.stringify({cmd, id, ...args}))", [cmd, args, key])
        self.page.wait_for_function("id => answers[id]", arg=key)
        return self.page.evaluate("id => answers[id]", key)

    def command(self, cmd, **args):
        """The result of `cmd`, which must be acknowledged."""
        answer = self.answer(cmd, **args)
        assert answer["type"] == "ack", answer
        return answer.get("result")

    def close(self):
        self.page.context.close()


class Provider:
    """Meta's Cloud API as far as sending goes: `POST /{phone-number-id}/messages`, answers from `answers` first
    (status, JSON), then 200 with a fresh wamid; every request kept in `received`."""

    def __init__(self):
        self.answers = []
        self.received = []
        self.lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with owner.lock:
                    owner.received.append((self.path, json.loads(body or b"{}")))
                    n = len(owner.received)
                    status, answer = owner.answers.pop(0) if owner.answers else (
                        200, {"messaging_product": "whatsapp", "messages": [{"id": f"wamid.TEST{n}"}]})
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.http.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.http.server_address[1]}"

    def close(self):
        self.http.shutdown()
        self.http.server_close()
