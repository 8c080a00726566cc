"""The recordings page in a real headless Chromium against a real server. The conversations are made through the
product's own paths: customers write through signed cloud webhooks (one after a chatbot's handover), agents take,
answer and close over /live, the provider's send API is the test's own and its status callbacks come back signed.
Two campaigns with a supervisor each: what a supervisor finds, pages through and opens stays inside its scope."""
import datetime
import re
import time

import pytest
from playwright.sync_api import expect

from support import SECOND_NUMBER, LiveSocket, Provider, Server, logged_in_page, shot

WIDE = {"width": 1440, "height": 900}
REFUND = "+5491150000001"     # Ventas: bot first, Ana answers (read, then a failed send), closed with a disposition
HOURS = "+5491150000002"      # Ventas: Beto answers, closed
ROUTER = "+5491150000003"     # Soporte (outside sam's scope): also asks for a refund
WAITING = 30                  # Ventas: customers still waiting, enough for two pages of 25


def wait_for(what, check, seconds=15):
    deadline = time.monotonic() + seconds
    while True:
        value = check()
        if value:
            return value
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def interaction_of(server, number):
    """The id of `number`'s newest interaction (the administrator's search)."""
    def find():
        items = server.request("GET", f"/api/recordings?number={number.replace('+', '%2B')}", session=server.admin)[1]["items"]
        return items[0]["id"] if items else None
    return wait_for(f"the interaction of {number}", find)


def transcript(server, interaction):
    return server.request("GET", f"/api/recordings/{interaction}", session=server.admin)[1]


@pytest.fixture(scope="module")
def world(browser):
    provider = Provider()
    server = Server(agents=("ana", "beto"), supervisors=("sam", "mia"))
    ventas = server.seed_campaign("Ventas", members=("ana", "beto"), supervisors=("sam",), base_url=provider.base_url)
    soporte = server.seed_campaign("Soporte", members=("beto",), number=SECOND_NUMBER, supervisors=("mia",))
    errors = []
    ana, beto = LiveSocket(browser, server, "ana", errors), LiveSocket(browser, server, "beto", errors)
    ana.command("login")
    beto.command("login")
    now = int(time.time())

    server.customer_writes(REFUND, "Hola, quiero un reembolso del pedido 1234", bot=[
        ("bot", "Hola, soy el asistente virtual. ¿En qué te ayudo?", now - 120), ("customer", "Hablar con una persona", now - 90)])
    refund = interaction_of(server, REFUND)
    ana.command("take", interaction=refund, campaign=ventas["id"])
    ana.command("send", interaction=refund, campaign=ventas["id"], text="Claro, ya gestiono el reembolso del pedido 1234.")
    wait_for("the first send", lambda: len(provider.received) == 1)
    server.provider_reports("wamid.TEST1", "delivered", recipient=REFUND)
    server.provider_reports("wamid.TEST1", "read", recipient=REFUND)
    provider.answers.append((400, {"error": {"message": "(#131026) Message undeliverable", "code": 131026}}))
    ana.command("send", interaction=refund, campaign=ventas["id"], text="Le envío el comprobante por aquí.")
    wait_for("the read and the failure", lambda: [m.get("delivery") for m in transcript(server, refund)["transcript"]][-2:]
             == ["read", "failed"])
    server.customer_writes(REFUND, "¡Gracias!")
    wait_for("the thanks", lambda: transcript(server, refund)["messageCount"] == 6)
    ana.command("close", interaction=refund, campaign=ventas["id"], subject="Reembolso pedido 1234", disposition="Reembolso aprobado")

    server.customer_writes(HOURS, "¿Cuál es el horario de atención?")
    hours = interaction_of(server, HOURS)
    beto.command("take", interaction=hours, campaign=ventas["id"])
    beto.command("send", interaction=hours, campaign=ventas["id"], text="De lunes a viernes, de 9 a 18 h.")
    beto.command("close", interaction=hours, campaign=ventas["id"], disposition="Informado")

    server.customer_writes(ROUTER, "Mi router no enciende, quiero un reembolso", to=SECOND_NUMBER)
    router = interaction_of(server, ROUTER)
    beto.command("take", interaction=router, campaign=soporte["id"])
    beto.command("close", interaction=router, campaign=soporte["id"], disposition="Reemplazo")

    for n in range(WAITING):
        server.customer_writes(f"+54911600000{n:02d}", f"Consulta número {n}")
    wait_for("every conversation recorded",
             lambda: server.request("GET", "/api/recordings?pageSize=1", session=server.admin)[1]["total"] == WAITING + 3)
    for socket in (ana, beto):
        socket.close()
    assert errors == [], errors
    yield {"server": server, "refund": refund, "hours": hours, "router": router, "ventas": ventas, "soporte": soporte}
    server.remove()
    provider.close()


def recordings(browser, world, errors, username="sam", path="/recordings/", viewport=WIDE):
    page = logged_in_page(browser, world["server"], username, errors, viewport=viewport)
    page.goto(path)
    return page


def summary(page):
    return page.get_by_role("status")


def rows(page):
    return page.locator("#results tbody tr")


def search(page):
    """Searches, and waits for the answer (the summary says "Searching…" from the click until the rows are painted)."""
    page.get_by_role("button", name="Search", exact=True).click()
    expect(summary(page)).not_to_have_text("Searching…")


def test_a_supervisor_searches_by_words_campaign_agent_and_dates(browser, world, errors):
    page = recordings(browser, world, errors)
    expect(page.get_by_role("heading", name="Recordings", level=1)).to_be_visible()
    expect(summary(page)).to_have_text(f"{WAITING + 2} recordings")
    # Only the supervisor's own campaign is offered, and its members as agents.
    campaign = page.get_by_label("Campaign")
    expect(campaign.locator("option")).to_have_text(["All my campaigns", "Ventas"])
    expect(page.get_by_label("Agent").locator("option")).to_have_text(["Any agent", "Ana", "Beto"])

    # Full text: Soporte's customer also asked for a refund, outside this scope.
    page.get_by_label("Words in the messages").fill("reembolso")
    search(page)
    expect(summary(page)).to_have_text("1 recording")
    expect(rows(page)).to_have_count(1)
    row = rows(page).first
    expect(row).to_contain_text(REFUND)
    expect(row).to_contain_text("Ventas")
    expect(row).to_contain_text("Ana")
    expect(row).to_contain_text("Closed")
    expect(row.locator("td").last).to_have_text("6")
    expect(page).to_have_url(re.compile(r"/recordings/\?q=reembolso$"))
    page.get_by_label("Words in the messages").fill("horar*")
    search(page)
    expect(rows(page)).to_have_count(1)
    expect(rows(page).first).to_contain_text(HOURS)
    # The export follows the search on screen.
    expect(page.get_by_role("link", name="Export CSV")).to_have_attribute("href", "/api/recordings.csv?q=horar*")

    # By agent, and by campaign.
    page.get_by_role("button", name="Clear").click()
    expect(summary(page)).to_have_text(f"{WAITING + 2} recordings")
    page.get_by_label("Agent").select_option(label="Beto")
    search(page)
    expect(rows(page)).to_have_count(1)
    expect(rows(page).first).to_contain_text(HOURS)
    page.get_by_label("Agent").select_option(label="Any agent")
    campaign.select_option(label="Ventas")
    search(page)
    expect(summary(page)).to_have_text(f"{WAITING + 2} recordings")

    # By dates: everything is from today (the browser's zone, UTC here as the server's).
    today = datetime.date.today()
    page.get_by_label("Start date").fill((today + datetime.timedelta(days=1)).isoformat())
    search(page)
    expect(page.get_by_text("No recorded conversation matches this search.")).to_be_visible()
    expect(rows(page)).to_have_count(0)
    page.get_by_label("Start date").fill("")
    page.get_by_label("Final date").fill((today - datetime.timedelta(days=1)).isoformat())
    search(page)
    expect(summary(page)).to_have_text("0 recordings")
    page.get_by_label("Start date").fill(today.isoformat())
    page.get_by_label("Final date").fill(today.isoformat())
    page.get_by_label("State").select_option(label="Closed")
    search(page)
    expect(summary(page)).to_have_text("2 recordings")
    expect(rows(page)).to_have_count(2)
    # A final date before the start is the API's refusal, shown by the form.
    page.get_by_label("Start date").fill(today.isoformat())
    page.get_by_label("Final date").fill((today - datetime.timedelta(days=1)).isoformat())
    errors_before = len(errors)
    search(page)
    expect(page.locator("#search-error")).to_have_text("Check the search: Final date: must not be before from")
    expect(page.get_by_label("Final date")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Final date")).to_be_focused()
    del errors[errors_before:]   # the browser logs the 422 the test asked for
    page.get_by_role("button", name="Clear").click()
    expect(rows(page)).to_have_count(WAITING + 2)
    expect(page.get_by_label("Final date")).not_to_have_attribute("aria-invalid", "true")
    # Sorted by state (ascending: closed before queued), by the column's header.
    page.get_by_role("button", name="State", exact=True).click()
    expect(page.get_by_role("columnheader", name="State")).to_have_attribute("aria-sort", "ascending")
    expect(rows(page).locator(".rec-state").first).to_have_text("Closed")
    expect(rows(page).nth(1).locator(".rec-state")).to_have_text("Closed")
    expect(rows(page).nth(2).locator(".rec-state")).to_have_text("Queued")
    expect(page).to_have_url(re.compile(r"sort=state&order=asc"))
    shot(page, "recordings-search.png")
    page.set_viewport_size({"width": 1920, "height": 1080})
    shot(page, "recordings-search-1920.png")


def test_results_are_paged(browser, world, errors):
    page = recordings(browser, world, errors)
    expect(summary(page)).to_have_text(f"{WAITING + 2} recordings")
    page.get_by_label("Rows per page").select_option("25")
    pager = page.get_by_role("navigation", name="Pages of results")
    expect(pager).to_contain_text("Page 1 of 2")
    expect(rows(page)).to_have_count(25)
    expect(pager.get_by_role("button", name="Previous")).to_be_disabled()
    first_page = rows(page).locator("a.rec-number").all_text_contents()
    pager.get_by_role("button", name="Next").click()
    expect(pager).to_contain_text("Page 2 of 2")
    expect(rows(page)).to_have_count(WAITING + 2 - 25)
    expect(pager.get_by_role("button", name="Next")).to_be_disabled()
    expect(page).to_have_url(re.compile(r"page=2"))
    second_page = rows(page).locator("a.rec-number").all_text_contents()
    # Newest first, no row on both pages, every one of the scope on one of them.
    assert not set(first_page) & set(second_page)
    assert len(set(first_page) | set(second_page)) == WAITING + 2
    assert REFUND in second_page and HOURS in second_page
    page.go_back()
    expect(pager).to_contain_text("Page 1 of 2")
    expect(rows(page).first.locator("a.rec-number")).to_have_text(first_page[0])


def test_a_transcript_shows_its_messages_in_order_with_authors_and_delivery(browser, world, errors):
    page = recordings(browser, world, errors, path="/recordings/?q=reembolso")
    page.get_by_role("link", name=re.compile(rf"^Open the conversation with \{REFUND} of ")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Conversation with {REFUND} — Ventas")
    facts = page.locator("#t-facts")
    for label, value in (("Campaign", "Ventas"), ("Agent", "Ana"), ("State", "Closed"), ("Address", "Incoming"),
                         ("Subject", "Reembolso pedido 1234"), ("Disposition", "Reembolso aprobado")):
        expect(facts.locator(f"dt:text-is('{label}') + dd")).to_have_text(value)
    messages = page.get_by_role("region", name="Messages").get_by_role("listitem")
    expect(messages).to_have_count(6)
    expected = [
        ("system", "Switchboard (bot)", "Hola, soy el asistente virtual. ¿En qué te ayudo?", None),
        ("customer", "Customer", "Hablar con una persona", None),
        ("customer", "Customer", "Hola, quiero un reembolso del pedido 1234", None),
        ("agent", "Agent Ana", "Claro, ya gestiono el reembolso del pedido 1234.", "Read"),
        ("agent", "Agent Ana", "Le envío el comprobante por aquí.", "Not delivered"),
        ("customer", "Customer", "¡Gracias!", None),
    ]
    for index, (sender, author, text, delivery) in enumerate(expected):
        message = messages.nth(index)
        expect(message).to_have_class(re.compile(rf"\bfrom-{sender}\b"))
        expect(message.locator("strong")).to_have_text(author)
        expect(message.locator(".rec-body")).to_have_text(text)
        if delivery:
            expect(message.locator(".rec-delivery")).to_have_text(delivery)
        else:
            expect(message.locator(".rec-delivery")).to_have_count(0)
    expect(messages.nth(4).locator(".rec-reason")).to_contain_text("131026")
    # The times are in order, the agent's on the other side of the conversation from the customer's.
    times = messages.locator("time").evaluate_all("nodes => nodes.map(n => Date.parse(n.dateTime))")
    assert times == sorted(times), times
    customer_box = messages.nth(2).bounding_box()
    agent_box = messages.nth(3).bounding_box()
    assert agent_box["x"] + agent_box["width"] > customer_box["x"] + customer_box["width"] + 100
    timeline = page.get_by_role("region", name="Timeline").get_by_role("listitem")
    expect(timeline.locator(".rec-step")).to_have_text(["Entered the queue", "Taken by Ana", "Closed by Ana"])
    expect(page.get_by_role("link", name="Export transcript CSV")).to_have_attribute(
        "href", f"/api/recordings/{world['refund']}/transcript.csv")
    shot(page, "recordings-transcript.png", full_page=True)
    page.get_by_role("link", name="← Back to results").click()
    expect(page).to_have_url(re.compile(r"/recordings/\?q=reembolso$"))
    expect(rows(page)).to_have_count(1)


def test_a_supervisor_sees_only_its_campaigns_and_an_outside_transcript_is_refused(browser, world, errors):
    server = world["server"]
    page = recordings(browser, world, errors, path=f"/recordings/?open={world['router']}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Conversation not available")
    expect(page.get_by_role("alert").filter(has_text="outside")).to_have_text(
        "This conversation does not exist or is outside your campaigns.")
    expect(page.locator("#messages li")).to_have_count(0)
    assert "router" not in page.content()
    errors.clear()   # the browser logs the 404 being tested
    page.get_by_role("link", name="← Back to results").click()
    expect(rows(page)).to_have_count(WAITING + 2)
    expect(page.locator("#results")).not_to_contain_text(ROUTER)
    # Asking the API for the other campaign by id is refused too.
    sam = server.login("sam")
    assert server.request("GET", f"/api/recordings?campaign={world['soporte']['id']}", session=sam)[0] == 403
    # The other supervisor sees Soporte's conversation and not Ventas'.
    mia = recordings(browser, world, errors, username="mia", path="/recordings/?q=reembolso")
    expect(rows(mia)).to_have_count(1)
    expect(rows(mia).first).to_contain_text(ROUTER)
    mia.goto(f"/recordings/?open={world['refund']}")
    expect(mia.get_by_role("heading", level=1)).to_have_text("Conversation not available")
    errors.clear()
    # The administrator sees both.
    admin = recordings(browser, world, errors, username="root", path="/recordings/?q=reembolso")
    expect(rows(admin)).to_have_count(2)
    admin.get_by_label("Campaign").select_option(label="Soporte")
    search(admin)
    expect(rows(admin)).to_have_count(1)
    expect(rows(admin).first).to_contain_text(ROUTER)


def test_an_agent_cannot_open_recordings(browser, world, errors):
    page = recordings(browser, world, errors, username="ana")
    expect(page.get_by_role("heading", name="Recordings are not available to you")).to_be_visible()
    expect(page.get_by_role("link", name="Go to your page")).to_have_attribute("href", "/inbox/")
    expect(page.get_by_role("button", name="Search", exact=True)).to_be_hidden()
    expect(page.locator("#results tbody tr")).to_have_count(0)
    server = world["server"]
    ana = server.login("ana")
    assert server.request("GET", "/api/recordings", session=ana)[0] == 403
    assert server.request("GET", f"/api/recordings/{world['refund']}", session=ana)[0] in (403, 404)


def test_spanish_labels(browser, world, errors):
    page = recordings(browser, world, errors)
    expect(summary(page)).to_have_text(f"{WAITING + 2} recordings")
    page.get_by_label("Language").select_option("es")
    expect(page.get_by_role("heading", name="Grabaciones", level=1)).to_be_visible()
    expect(page.get_by_role("button", name="Buscar", exact=True)).to_be_visible()
    page.get_by_label("Palabras en los mensajes").fill("reembolso")
    page.get_by_role("button", name="Buscar", exact=True).click()
    expect(page.get_by_role("status")).to_have_text("1 grabación")
    expect(rows(page).first).to_contain_text("Cerrada")
    expect(page.get_by_role("columnheader", name="Campaña")).to_be_visible()
    page.get_by_role("link", name=re.compile(rf"\{REFUND}")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Conversación con {REFUND} — Ventas")
    expect(page.locator(".rec-message strong").first).to_have_text("Switchboard (bot)")
    expect(page.locator(".rec-delivery").first).to_have_text("Leído")
    shot(page, "recordings-es.png", full_page=True)
