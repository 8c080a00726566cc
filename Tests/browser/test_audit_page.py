"""The audit log page (/admin/audit/) in a real headless Chromium against a real server. The entries come from
what people really do: the administrator's set-up and edits through the REST API, logins, agents going available
and supervisors pausing them over /live. Filters, paging and the CSV export for an administrator; a supervisor
sees only the actions on the agents of its campaigns; an agent is refused."""
import csv
import datetime
import io
import re
import time

import pytest
from playwright.sync_api import expect

from support import SECOND_NUMBER, LiveSocket, Server, logged_in_page, shot

WIDE = {"width": 1440, "height": 900}
EDITS = 55   # pause-reason edits: with the rest, more than one page of 50


@pytest.fixture(scope="module")
def world(browser):
    server = Server(agents=("ana", "beto"), supervisors=("sam", "mia"))
    server.seed_campaign("Ventas", members=("ana",), supervisors=("sam",))
    server.seed_campaign("Soporte", members=("beto",), number=SECOND_NUMBER, supervisors=("mia",))
    for n in range(EDITS):
        status, answer, _ = server.request("PUT", "/api/pause-reasons", {"pauseReasons": ["Coaching", "Almuerzo", f"Pausa {n}"]},
                                           session=server.admin)
        assert status == 200, answer
    errors = []
    sockets = {name: LiveSocket(browser, server, name, errors) for name in ("ana", "beto", "sam", "mia")}
    sockets["ana"].command("login")
    sockets["beto"].command("login")
    ana, beto = server.users["ana"]["id"], server.users["beto"]["id"]
    sockets["sam"].command("pause", agent=ana, reason="Coaching")
    sockets["sam"].command("resume", agent=ana)
    sockets["mia"].command("pause", agent=beto, reason="Almuerzo")

    def recorded():
        page = server.request("GET", "/api/audit?action=pause", session=server.admin)[1]
        return page["total"] == 2
    deadline = time.monotonic() + 15
    while not recorded():
        assert time.monotonic() < deadline, "the pauses never reached the audit log"
        time.sleep(0.05)
    for socket in sockets.values():
        socket.close()
    assert errors == [], errors
    yield {"server": server, "ana": ana, "beto": beto}
    server.remove()


def audit_page(browser, world, errors, username="root", path="/admin/audit/"):
    page = logged_in_page(browser, world["server"], username, errors, viewport=WIDE)
    page.goto(path)
    return page


def api_total(world, query="", username=None):
    server = world["server"]
    session = server.admin if username is None else server.login(username)
    status, answer, _ = server.request("GET", f"/api/audit{query}", session=session)
    assert status == 200, answer
    return answer["total"]


def rows(page):
    return page.locator("#entries tbody tr")


def table(page):
    """The rows on screen as dicts of the columns."""
    names = ["time", "user", "role", "action", "target", "detail", "address"]
    return [dict(zip(names, cells)) for cells in
            rows(page).evaluate_all("rows => rows.map(r => [...r.cells].map(c => c.textContent))")]


def search(page, **fields):
    for label, value in fields.items():
        if label == "user":   # the select's name holds its chosen option too ("User Anyone")
            page.get_by_label("User").select_option(label=value)
        else:
            page.get_by_label(label.capitalize(), exact=True).fill(value)
    page.get_by_role("button", name="Search", exact=True).click()
    settled(page)


def settled(page):
    """Waits for the search under way (the summary says "Searching…" from the click until the rows are painted)."""
    expect(page.get_by_role("status")).not_to_have_text("Searching…")


def test_an_administrator_filters_by_user_action_and_time(browser, world, errors):
    page = audit_page(browser, world, errors)
    total = api_total(world)
    assert total > 50 + EDITS - 50
    expect(page.get_by_role("status")).to_have_text(f"{total} entries")

    search(page, action="pause")
    expect(page.get_by_role("status")).to_have_text("2 entries")
    entries = table(page)
    # Who (name and role, as for the REST actions), what, on whom, with what.
    assert [(e["user"], e["role"], e["action"], e["target"], e["detail"]) for e in entries] == [
        ("Mia", "supervisor", "pause", f"agent:{world['beto']}", "Almuerzo"),
        ("Sam", "supervisor", "pause", f"agent:{world['ana']}", "Coaching")]
    expect(page).to_have_url(re.compile(r"/admin/audit/\?action=pause$"))

    # A prefix ending in a dot: every campaign action.
    search(page, action="campaign.")
    campaign_actions = [e["action"] for e in table(page)]
    assert campaign_actions and all(a.startswith("campaign.") for a in campaign_actions)
    assert sorted(set(campaign_actions)) == ["campaign.create", "campaign.member.add"]
    assert len(campaign_actions) == api_total(world, "?action=campaign.")

    # By user: only Sam's own actions (its login, the pause and the resume).
    page.get_by_role("button", name="Clear").click()
    settled(page)
    search(page, user="Sam (sam)")
    sam = table(page)
    assert {e["user"] for e in sam} == {"Sam"}
    assert {"login", "pause", "resume"} <= {e["action"] for e in sam}
    assert len(sam) == api_total(world, f"?user={world['server'].users['sam']['id']}")

    # By time: everything happened today.
    today = datetime.date.today()
    page.get_by_role("button", name="Clear").click()
    settled(page)
    search(page, **{"from": (today + datetime.timedelta(days=1)).isoformat()})
    expect(page.get_by_text("No entry matches.")).to_be_visible()
    expect(rows(page)).to_have_count(0)
    search(page, **{"from": today.isoformat(), "to": today.isoformat()})
    expect(page.get_by_role("status")).to_have_text(f"{total} entries")
    page.get_by_role("button", name="Clear").click()
    settled(page)
    expect(rows(page)).to_have_count(50)
    shot(page, "audit.png")


def test_the_entries_are_paged(browser, world, errors):
    page = audit_page(browser, world, errors)
    total = api_total(world)
    pager = page.get_by_role("navigation", name="Pages of entries")
    expect(pager).to_contain_text(f"Page 1 of {(total + 49) // 50}")
    expect(rows(page)).to_have_count(50)
    first = table(page)
    expect(pager.get_by_role("button", name="Previous")).to_be_disabled()
    pager.get_by_role("button", name="Next").click()
    expect(pager).to_contain_text("Page 2 of 2")
    expect(rows(page)).to_have_count(total - 50)
    expect(pager.get_by_role("button", name="Next")).to_be_disabled()
    second = table(page)
    # Newest first across the pages (the times are of one day): the oldest entry, the administrator's first
    # login, is last; no entry is on both pages.
    times = [e["time"] for e in first + second]
    assert times == sorted(times, reverse=True)
    assert (second[-1]["user"], second[-1]["action"]) == ("Root", "login")
    assert len(first) + len(second) == total
    page.go_back()
    expect(pager).to_contain_text("Page 1 of 2")


def test_the_csv_export_downloads_the_rows_on_screen(browser, world, errors):
    page = audit_page(browser, world, errors, path="/admin/audit/?action=pause")
    expect(rows(page)).to_have_count(2)
    link = page.get_by_role("link", name="Export CSV")
    expect(link).to_have_attribute("href", "/api/audit.csv?action=pause")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "audit.csv"
    with open(download.value.path(), encoding="utf-8") as file:
        lines = list(csv.DictReader(io.StringIO(file.read())))
    on_screen = table(page)
    assert [(r["user"], r["role"], r["action"], r["target"], r["detail"]) for r in lines] == [
        (e["user"], e["role"], e["action"], e["target"], e["detail"]) for e in on_screen]
    # The CSV's times are the same instants, in ISO 8601 UTC.
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", r["time"]) for r in lines)


def test_a_supervisor_sees_only_the_actions_on_its_agents(browser, world, errors):
    page = audit_page(browser, world, errors, username="sam")
    expect(page.get_by_text("You see the actions on the agents of your campaigns.")).to_be_visible()
    expect(page.get_by_label("Target", exact=True)).to_be_visible()
    expect(page.get_by_label("User")).to_be_hidden()
    expect(rows(page).first).to_be_visible()
    entries = table(page)
    ana = f"agent:{world['ana']}"
    assert entries and all(e["target"] == ana or e["target"].startswith(ana + " ") for e in entries), entries
    assert {"agent.status", "pause", "resume"} <= {e["action"] for e in entries}
    assert len(entries) == api_total(world, username="sam")
    assert "Almuerzo" not in page.locator("#entries").text_content()
    # The export holds the same scope.
    with page.expect_download() as download:
        page.get_by_role("link", name="Export CSV").click()
    with open(download.value.path(), encoding="utf-8") as file:
        targets = [r["target"] for r in csv.DictReader(file)]
    assert targets == [e["target"] for e in entries]
    # The other supervisor sees Beto's and not Ana's.
    mia = audit_page(browser, world, errors, username="mia", path="/admin/audit/?action=pause")
    expect(rows(mia)).to_have_count(1)
    expect(rows(mia).first).to_contain_text(f"agent:{world['beto']}")


def test_an_agent_is_refused(browser, world, errors):
    page = audit_page(browser, world, errors, username="ana")
    expect(page.get_by_role("heading", name="The audit log is not available to you")).to_be_visible()
    expect(page.get_by_role("link", name="Go to your page")).to_have_attribute("href", "/inbox/")
    expect(page.locator("#entries")).to_be_hidden()
    server = world["server"]
    assert server.request("GET", "/api/audit", session=server.login("ana"))[0] == 403
