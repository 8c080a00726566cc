"""The agent's inbox in a real headless Chromium against a real server: customers through signed webhooks, agents
and a supervisor in separate browser contexts, assertions on what is on screen (issue 12's tests)."""
import re

import pytest
from playwright.sync_api import expect

from support import LiveSocket, Server, logged_in_page, shot


@pytest.fixture()
def server():
    s = Server()
    s.seed_campaign()
    yield s
    s.remove()


def available(page):
    page.goto("/inbox/")
    page.get_by_role("button", name="Be available").click()
    expect(page.locator("#presence-text")).to_have_text("Available")


def open_waiting(page):
    if page.locator("#waiting-panel").is_hidden():
        page.get_by_role("button", name=re.compile("^Waiting")).click()


def take(page, number, campaign="Ventas"):
    open_waiting(page)
    page.get_by_role("button", name=f"Take {number} ({campaign})").click()
    expect(page.locator("#head-number")).to_have_text(number)


def composer(page):
    return page.get_by_role("textbox", name="Message", exact=True)


def test_waiting_list_shows_number_campaign_and_a_ticking_time(browser, server, errors):
    page = logged_in_page(browser, server, "ana", errors)
    available(page)
    server.customer_writes("+5491155550001", "Hola, mi pedido no llegó")
    expect(page.locator("#waiting-count")).to_have_text("1")
    expect(page).to_have_title(re.compile(r"^\(1\) "))
    open_waiting(page)
    entry = page.get_by_role("button", name="Take +5491155550001 (Ventas)")
    expect(entry).to_contain_text("+5491155550001")
    expect(entry).to_contain_text("Ventas")
    first = entry.locator("time").text_content()
    page.wait_for_function("t => document.querySelector('.inbox-waiting-entry time').textContent !== t", arg=first)
    assert re.fullmatch(r"\d+:\d\d", entry.locator("time").text_content())
    shot(page, "inbox-waiting.png")


def test_two_agents_click_the_same_interaction_and_exactly_one_gets_it(browser, server, errors):
    ana = logged_in_page(browser, server, "ana", errors)
    beto = logged_in_page(browser, server, "beto", errors)
    available(ana)
    available(beto)
    server.customer_writes("+5491155550002", "¿Hay alguien?")
    for page in (ana, beto):
        open_waiting(page)
        expect(page.get_by_role("button", name="Take +5491155550002 (Ventas)")).to_be_visible()
    # Both click at (nearly) the same instant: the second click may land on a row that is already leaving the
    # list, as it does for people; the server lets exactly one take it.
    handles = [p.get_by_role("button", name="Take +5491155550002 (Ventas)").element_handle() for p in (ana, beto)]
    for handle in handles:
        handle.evaluate("button => button.click()")
    ana.wait_for_function("() => document.querySelectorAll('.inbox-tab').length + document.querySelectorAll('.inbox-notice').length > 0")
    beto.wait_for_function("() => document.querySelectorAll('.inbox-tab').length + document.querySelectorAll('.inbox-notice').length > 0")
    tabs = [ana.locator(".inbox-tab").count(), beto.locator(".inbox-tab").count()]
    assert sorted(tabs) == [0, 1], tabs
    loser = ana if tabs[0] == 0 else beto
    expect(loser.locator(".inbox-notice").filter(has_text="Someone else took it first.")).to_be_visible()
    expect(loser.locator("#waiting-count")).to_have_text("0")


def test_the_maximum_is_enforced_and_explained(browser, server, errors):
    status, _, _ = server.request("PUT", f"/api/campaigns/{server.campaign['id']}", {"maxInteractionsPerAgent": 1}, session=server.admin)
    assert status == 200
    page = logged_in_page(browser, server, "ana", errors)
    available(page)
    server.customer_writes("+5491155550003", "Primero")
    server.customer_writes("+5491155550004", "Segundo")
    expect(page.locator("#waiting-count")).to_have_text("2")
    take(page, "+5491155550003")
    open_waiting(page)
    page.get_by_role("button", name="Take +5491155550004 (Ventas)").click()
    expect(page.locator(".inbox-notice").filter(has_text="You are at your maximum of open conversations")).to_be_visible()
    expect(page.locator(".inbox-tab")).to_have_count(1)


def test_emoji_and_a_canned_response_go_out_to_the_customer(browser, server, errors):
    page = logged_in_page(browser, server, "ana", errors)
    available(page)
    server.customer_writes("+5491155550005", "Quiero saber de mi envío")
    take(page, "+5491155550005")
    box = composer(page)
    box.fill("Hola ")
    # The emoji picker: searchable and keyboard usable.
    page.get_by_role("button", name="Emoji", exact=True).click()
    page.get_by_label("Search emoji").fill("wave")
    page.get_by_label("Search emoji").press("ArrowDown")
    page.keyboard.press("Enter")
    expect(box).to_have_value("Hola 👋")
    # A canned response, inserted at the cursor, editable before sending.
    box.press("End")
    box.type(" ")
    page.get_by_role("button", name="Canned responses").click()
    page.get_by_label("Search by title or text").fill("tracking")
    page.get_by_role("button", name=re.compile("^Tracking")).click()
    expect(box).to_have_value("Hola 👋 Your order is on its way; the tracking number follows.")
    box.press("Shift+Enter")
    box.type("Saludos")
    shot(page, "inbox-composer.png")
    box.press("Enter")
    agent_line = page.locator(".inbox-message.from-agent").last
    expect(agent_line).to_contain_text("Hola 👋 Your order is on its way; the tracking number follows.\nSaludos")
    expect(box).to_have_value("")
    # Recorded once, as sent.
    status, recording, _ = server.request("GET", f"/api/recordings/{page.locator('#head-id').text_content()}", session=server.admin)
    assert status == 200
    texts = [m["body"] for m in recording["transcript"]]
    assert texts.count("Hola 👋 Your order is on its way; the tracking number follows.\nSaludos") == 1
    shot(page, "inbox-conversation.png")


def test_the_4kib_limit_is_shown_before_it_is_hit(browser, server, errors):
    page = logged_in_page(browser, server, "ana", errors)
    available(page)
    server.customer_writes("+5491155550006", "Hola")
    take(page, "+5491155550006")
    composer(page).fill("x" * 3500)
    expect(page.locator("#draft-count")).to_have_text("596 bytes left")
    composer(page).fill("ñ" * 2100)
    expect(page.locator("#draft-count")).to_have_text("104 bytes over the 4 KiB limit")
    expect(page.get_by_role("button", name="Send")).to_be_disabled()


def test_previous_messages_appear_only_for_a_returning_number(browser, server, errors):
    page = logged_in_page(browser, server, "ana", errors)
    available(page)
    server.customer_writes("+5491155550007", "Primera vez")
    take(page, "+5491155550007")
    expect(page.get_by_role("button", name="Previous messages")).to_be_hidden()
    page.get_by_role("button", name="Close", exact=True).click()
    page.get_by_label("Subject").fill("Consulta de envío")
    page.get_by_label("Disposition").fill("Resolved")
    page.get_by_role("button", name="Close conversation").click()
    expect(page.locator(".inbox-tab")).to_have_count(0)
    server.customer_writes("+5491155550007", "Vuelvo a escribir")
    take(page, "+5491155550007")
    menu = page.get_by_role("button", name="Previous messages")
    expect(menu).to_be_visible()
    menu.click()
    dialog = page.get_by_role("dialog", name="Previous messages of this customer")
    expect(dialog).to_contain_text("Primera vez")
    expect(dialog).to_contain_text("Consulta de envío")
    shot(page, "inbox-previous-messages.png")
    dialog.get_by_role("button", name="Close").click()
    # The subject and disposition were stored: recordings find the subject.
    status, found, _ = server.request("GET", "/api/recordings?subject=env%C3%ADo", session=server.admin)
    assert status == 200 and len(found["items"]) == 1


def test_pause_chat_and_disconnect_by_a_supervisor_reach_the_agent(browser, server, errors):
    page = logged_in_page(browser, server, "ana", errors)
    available(page)
    server.customer_writes("+5491155550008", "Hola")
    take(page, "+5491155550008")
    composer(page).fill("Un borrador que no se pierde")
    supervisor = LiveSocket(browser, server, "sam", errors)
    agent_id = server.users["ana"]["id"]

    supervisor.command("pause", agent=agent_id, reason="Coaching")
    expect(page.locator(".inbox-notice").filter(has_text="A supervisor paused you (Coaching)")).to_be_visible()
    expect(page.locator("#presence-text")).to_have_text("Paused: Coaching")
    expect(page.locator(".inbox-tab")).to_have_count(1)   # active chats go on

    supervisor.command("chat", agent=agent_id, text="¿Todo bien con ese cliente?")
    expect(page.locator("#chat-unread")).to_have_text("1")
    expect(page.locator(".inbox-notice").filter(has_text="A supervisor writes")).to_be_visible()
    page.get_by_role("button", name=re.compile("^Supervisor")).click()
    expect(page.locator("#chat-lines")).to_contain_text("¿Todo bien con ese cliente?")
    page.get_by_label("Message to your supervisors").fill("Sí, ya casi")
    page.get_by_label("Message to your supervisors").press("Enter")
    expect(page.locator("#chat-lines")).to_contain_text("Sí, ya casi")
    shot(page, "inbox-supervisor-chat.png")

    supervisor.command("resume", agent=agent_id)
    expect(page.locator("#presence-text")).to_have_text("Available")
    supervisor.command("disconnect", agent=agent_id)
    # Earlier notices may still be shown beside it: look for this one among them.
    expect(page.locator(".inbox-notice").filter(has_text="A supervisor disconnected you")).to_be_visible()
    # The draft stays in this browser, restored after the next login.
    interaction = page.evaluate("() => Object.keys(localStorage).find(k => k.startsWith('switchboard.inbox.draft.'))")
    assert page.evaluate("k => localStorage.getItem(k)", interaction) == "Un borrador que no se pierde"


def test_a_server_restart_resumes_without_loss_or_duplicate_sends(browser, server, errors):
    page = logged_in_page(browser, server, "ana", errors)
    available(page)
    server.customer_writes("+5491155550009", "Hola")
    take(page, "+5491155550009")
    interaction = page.locator("#head-id").text_content()
    server.stop()
    expect(page.locator("#live-indicator")).not_to_have_text(re.compile("Live"))
    # Sent while the server is down: queued, sent once after the reconnect.
    composer(page).fill("Enviado durante el corte")
    composer(page).press("Enter")
    server.start()
    expect(page.locator("#live-indicator")).to_have_text(re.compile("Live"), timeout=20_000)
    expect(page.locator(".inbox-message.from-agent").filter(has_text="Enviado durante el corte")).to_have_count(1, timeout=20_000)
    server.customer_writes("+5491155550009", "¿Sigue ahí?")
    expect(page.locator(".inbox-message.from-customer").filter(has_text="¿Sigue ahí?")).to_be_visible()
    status, recording, _ = server.request("GET", f"/api/recordings/{interaction}", session=server.admin)
    bodies = [m["body"] for m in recording["transcript"]]
    assert bodies.count("Enviado durante el corte") == 1, bodies
    assert bodies[-1] == "¿Sigue ahí?"


def test_spanish_texts(browser, server, errors):
    page = logged_in_page(browser, server, "ana", errors, locale="es-ES")
    page.goto("/inbox/")
    page.get_by_label("Idioma").select_option("es")
    page.get_by_role("button", name="Estar disponible").click()
    expect(page.locator("#presence-text")).to_have_text("Disponible")
    server.customer_writes("+5491155550010", "Hola")
    page.get_by_role("button", name=re.compile("^Interacciones en espera")).click()
    page.get_by_role("button", name="Tomar +5491155550010 (Ventas)").click()
    expect(page.get_by_role("button", name="Respuestas predefinidas")).to_be_visible()
    expect(page.get_by_role("button", name="Cerrar", exact=True)).to_be_visible()
    shot(page, "inbox-es.png")


def test_a_tablet_screen_still_holds_the_conversation(browser, server, errors):
    page = logged_in_page(browser, server, "ana", errors, viewport={"width": 820, "height": 1100})
    available(page)
    server.customer_writes("+5491155550011", "Desde la tablet")
    take(page, "+5491155550011")
    expect(page.get_by_role("button", name="Send")).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    shot(page, "inbox-tablet.png")


def test_keyboard_shortcuts(browser, server, errors):
    page = logged_in_page(browser, server, "ana", errors)
    available(page)
    server.customer_writes("+5491155550012", "Uno")
    server.customer_writes("+5491155550013", "Dos")
    expect(page.locator("#waiting-count")).to_have_text("2")
    page.keyboard.press("Alt+t")
    expect(page.locator("#head-number")).to_have_text("+5491155550012")
    page.keyboard.press("Alt+t")
    expect(page.locator(".inbox-tab")).to_have_count(2)
    # The tab arrives with the inbox topic, the taken conversation opens with the take's answer: wait for both.
    expect(page.locator("#head-number")).to_have_text("+5491155550013")
    page.keyboard.press("Alt+n")
    expect(page.locator("#head-number")).to_have_text("+5491155550012")
    page.keyboard.press("Alt+m")
    expect(composer(page)).to_be_focused()


def test_an_auto_assign_offer_counts_down_and_is_accepted(browser, server, errors):
    status, _, _ = server.request("PUT", f"/api/campaigns/{server.campaign['id']}", {"autoAssign": True, "reservationSeconds": 30},
                                  session=server.admin)
    assert status == 200
    page = logged_in_page(browser, server, "ana", errors)
    available(page)
    server.customer_writes("+5491155550014", "¿Me atienden?")
    offer = page.locator(".inbox-offer")
    expect(offer).to_contain_text("Offered to you: +5491155550014 (Ventas)")
    expect(offer.locator("time")).to_have_text(re.compile(r"^(2\d|30) s left$"))
    shot(page, "inbox-offer.png")
    offer.get_by_role("button", name="Accept").click()
    expect(page.locator("#head-number")).to_have_text("+5491155550014")
    expect(page.locator(".inbox-offer")).to_have_count(0)


def test_logout_is_refused_while_holding_a_conversation(browser, server, errors):
    page = logged_in_page(browser, server, "ana", errors)
    available(page)
    server.customer_writes("+5491155550015", "Hola")
    take(page, "+5491155550015")
    page.get_by_role("button", name="Log out").click()
    expect(page.locator(".inbox-notice").filter(has_text="You can't log out while you hold conversations")).to_be_visible()
    expect(page.locator("#head-number")).to_have_text("+5491155550015")


def test_a_watching_supervisor_gets_the_workspace_after_the_agent_is_asked(browser, server, errors):
    agent_id = server.users["ana"]["id"]
    status, _, _ = server.request("PUT", f"/api/users/{agent_id}", {"monitorScreen": True}, session=server.admin)
    assert status == 200
    page = logged_in_page(browser, server, "ana", errors)
    available(page)
    server.customer_writes("+5491155550016", "Hola")
    take(page, "+5491155550016")
    supervisor = LiveSocket(browser, server, "sam", errors)
    supervisor.page.evaluate("""() => { window.screens = [];
        ws.addEventListener('message', (e) => { const m = JSON.parse(e.data);
            if (m.topic && m.topic.startsWith('screen:')) screens.push(m.data); }); }""")
    supervisor.command("screen.start", agent=agent_id)
    consent = page.get_by_role("dialog", name="A supervisor is watching your workspace")
    expect(consent).to_be_visible()
    consent.get_by_role("button", name="Don't share my screen").click()
    expect(page.locator("#screen-indicator")).to_have_text(re.compile("A supervisor is watching"))
    composer(page).fill("Borrador visible")
    supervisor.page.wait_for_function("() => screens.some(s => s.draft === 'Borrador visible')")
    seen = supervisor.page.evaluate("() => screens.find(s => s.draft === 'Borrador visible')")
    assert seen["interaction"] == int(page.locator("#head-id").text_content())
    supervisor.command("screen.stop", agent=agent_id)
    expect(page.locator("#screen-indicator")).to_be_hidden()
