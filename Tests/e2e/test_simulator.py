"""`switchboard serve` + `switchboard simulate` for a few seconds (issue 10): the demo database seeded through the
REST API by Scripts/lib/seed_demo.py, customers writing through signed webhooks of both provider kinds, simulated
agents over /live. Afterwards the interactions are in the store (REST recordings search), agents took some, and
the simulated providers' status callbacks reached the server. Bounded: about 15 s."""
import os
import re
import shutil
import subprocess
import sys
import tempfile

import pytest

from serve_support import ADMIN_PASSWORD, ROOT, Api, Server, add_admin, binary, free_port

SECONDS = 8


@pytest.fixture(scope="module")
def run():
    directory = tempfile.mkdtemp(prefix="switchboard-sim-")
    db = os.path.join(directory, "switchboard.db")
    provider_port = free_port()
    add_admin(db)
    server = Server(db, directory)
    simulator = None
    try:
        server.start()
        base = server.base
        seeded = subprocess.run([sys.executable, os.path.join(ROOT, "Scripts", "lib", "seed_demo.py"), base, "admin", ADMIN_PASSWORD,
                                 f"http://127.0.0.1:{provider_port}"], check=True, capture_output=True, text=True)
        args = seeded.stdout.split()
        api = Api(base).login("admin", ADMIN_PASSWORD)
        # An unsigned webhook to a provider that exists: 403 once the webhook routes are there; 404/405 before.
        status, _ = api.call("POST", "/webhooks/cloud/1", raw=b"{}")
        if status in (404, 405):
            pytest.skip("this build has no signed webhooks yet (providers issue)")
        simulator = subprocess.Popen(
            [binary(), "simulate", "--target", base, "--provider-port", str(provider_port), "--seed", "7", "--duration", str(SECONDS),
             "--rate", "3", "--turn-gap", "1.5", "--agents", "6", "--agent-pace", "4", *args],
            stdout=subprocess.PIPE, stderr=open(os.path.join(directory, "simulate.log"), "ab"), text=True)
        out, _ = simulator.communicate(timeout=SECONDS + 20)
        assert simulator.returncode == 0, out
        yield api, out
    finally:
        if simulator and simulator.poll() is None:
            simulator.kill()
            simulator.wait()
        server.kill()
        shutil.rmtree(directory, ignore_errors=True)


def figure(out, pattern):
    match = re.search(pattern, out)
    assert match, f"no {pattern!r} in the summary:\n{out}"
    return [int(g) for g in match.groups()]


def test_every_webhook_was_accepted_and_recorded(run):
    api, out = run
    sent, = figure(out, r"messages sent:\s+(\d+)")
    ok, client_errors, server_errors, lost = figure(out, r"webhook answers:\s+2xx (\d+), 4xx (\d+), 5xx (\d+), no answer (\d+)")
    assert sent > 10
    assert client_errors == 0 and server_errors == 0 and lost == 0, out
    status, page = api.call("GET", "/api/recordings?pageSize=100")
    assert status == 200, page
    assert page["total"] > 3
    assert {item["campaignName"] for item in page["items"]} == {"Sales", "Support", "Billing"}


def test_simulated_agents_took_answered_and_closed_some(run):
    api, out = run
    logged_in, taken, replies, closed, _, errors = figure(
        out, r"agents:\s+(\d+) logged in, (\d+) taken, (\d+) replies, (\d+) closed, (\d+) pauses, (\d+) errors")
    assert logged_in == 6 and taken > 0 and replies > 0 and errors == 0, out
    status, page = api.call("GET", "/api/recordings?pageSize=100")
    assert any(item.get("agentId") is not None for item in page["items"])
    assert closed == 0 or any(item["state"] == "closed" for item in page["items"])


def test_outbound_reached_the_simulated_provider_and_statuses_came_back(run):
    api, out = run
    outbound, = figure(out, r"outbound received:\s+(\d+)")
    replies, = figure(out, r"agents:.*?, (\d+) replies")
    if outbound == 0 and replies > 0:
        pytest.skip("this build does not send agents' messages to the provider yet (outbound issue)")
    statuses, = figure(out, r"statuses sent:\s+(\d+)")
    assert outbound > 0 and statuses > 0, out
    status, page = api.call("GET", "/api/recordings?pageSize=100")
    states = set()
    for item in page["items"]:
        if item.get("agentId") is None:
            continue
        status, detail = api.call("GET", f"/api/recordings/{item['id']}")
        assert status == 200, detail
        states |= {m.get("delivery") for m in detail["transcript"] if m.get("sender") == "agent"}
    assert states & {"sent", "delivered", "read", "failed"}, states
