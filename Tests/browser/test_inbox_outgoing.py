"""Templates, outgoing conversations and the retry of a failed message in the agent's inbox, in a real headless
Chromium against a real server whose provider is a small HTTP server of the test's own (scripted answers, every
request kept), so what goes out is checked on the wire."""
import re

import pytest
from playwright.sync_api import expect

from support import CAMPAIGN_NUMBER, Provider, Server, logged_in_page, shot


@pytest.fixture()
def provider():
    p = Provider()
    yield p
    p.close()


@pytest.fixture()
def server(provider):
    s = Server()
    s.seed_campaign()
    status, answer, _ = s.request("PUT", f"/api/providers/{s.provider}", {
        "name": "HeyNow Cloud", "kind": "cloud", "baseUrl": provider.base_url, "numbers": [CAMPAIGN_NUMBER],
        "phoneNumberId": "109876543210"}, session=s.admin)
    assert status == 200, answer
    status, template, _ = s.request("POST", f"/api/campaigns/{s.campaign['id']}/templates", {
        "name": "order_ready", "language": "es", "body": "Hola {{1}}, tu pedido {{2}} está listo para retirar."},
        session=s.admin)
    assert status == 201, template
    s.template = template
    yield s
    s.remove()


def available(page):
    page.goto("/inbox/")
    page.get_by_role("button", name="Be available").click()
    expect(page.locator("#presence-text")).to_have_text("Available")


def composer(page):
    return page.get_by_role("textbox", name="Message", exact=True)


def recording(server, interaction):
    status, answer, _ = server.request("GET", f"/api/recordings/{interaction}", session=server.admin)
    assert status == 200, answer
    return answer


def test_a_message_the_provider_refused_is_retried_as_itself(browser, server, provider, errors):
    provider.answers.append((400, {"error": {"message": "(#131026) Message undeliverable", "code": 131026}}))
    page = logged_in_page(browser, server, "ana", errors)
    available(page)
    server.customer_writes("+5491155550101", "¿Llegó mi pedido?")
    page.get_by_role("button", name=re.compile("^Waiting")).click()
    page.get_by_role("button", name="Take +5491155550101 (Ventas)").click()
    expect(page.locator("#head-number")).to_have_text("+5491155550101")
    composer(page).fill("Sí, sale hoy.")
    composer(page).press("Enter")
    line = page.locator(".inbox-message.from-agent")
    expect(line.locator(".inbox-delivery[data-state=failed]")).to_have_count(1, timeout=15000)
    expect(line).to_have_count(1)
    expect(line.locator(".inbox-delivery")).to_contain_text("failed")
    expect(line.locator(".inbox-delivery")).to_contain_text("Message undeliverable")
    shot(page, "inbox-failed-message.png")
    line.get_by_role("button", name="Retry").click()
    expect(line.locator(".inbox-delivery")).to_have_attribute("data-state", re.compile("^(sent|delivered|read)$"))
    expect(page.locator(".inbox-message.from-agent")).to_have_count(1)
    # On the wire: two attempts of one message; in the recording: one line, sent.
    assert [body["text"]["body"] for _, body in provider.received] == ["Sí, sale hoy.", "Sí, sale hoy."]
    transcript = recording(server, page.locator("#head-id").text_content())["transcript"]
    agent = [m for m in transcript if m["sender"] == "agent"]
    assert [m["body"] for m in agent] == ["Sí, sale hoy."]
    assert agent[0]["delivery"] in ("sent", "delivered", "read")


def test_the_new_conversation_dialog_sends_a_template_with_its_variables(browser, server, provider, errors):
    page = logged_in_page(browser, server, "ana", errors)
    available(page)
    page.get_by_role("button", name="New conversation").click()
    dialog = page.get_by_role("dialog", name="Start a conversation")
    expect(dialog).to_be_visible()
    dialog.get_by_label("Customer's WhatsApp number").fill("099 123")
    dialog.get_by_label("Campaign").select_option(label="Ventas")
    dialog.get_by_label("Template").select_option(label="order_ready (es)")
    dialog.get_by_label("Variable 1").fill("Ana")
    expect(dialog.locator("#outgoing-preview")).to_have_text("Hola Ana, tu pedido {{2}} está listo para retirar.")
    dialog.get_by_role("button", name="Start").click()
    expect(dialog.get_by_role("alert")).to_have_text("Fill in variable 2.")
    dialog.get_by_label("Variable 2").fill("A-17")
    expect(dialog.locator("#outgoing-preview")).to_have_text("Hola Ana, tu pedido A-17 está listo para retirar.")
    dialog.get_by_role("button", name="Start").click()
    expect(dialog.get_by_role("alert")).to_have_text("Write the number in international form, e.g. +59899123456.")
    dialog.get_by_label("Customer's WhatsApp number").fill("+598 99 123 456")
    shot(page, "inbox-new-conversation.png")
    dialog.get_by_role("button", name="Start").click()
    expect(dialog).to_be_hidden()
    expect(page.locator("#head-number")).to_have_text("+59899123456")
    line = page.locator(".inbox-message.from-agent")
    expect(line).to_have_text(re.compile("Hola Ana, tu pedido A-17 está listo para retirar."))
    expect(line.locator(".inbox-delivery")).to_have_attribute("data-state", re.compile("^(sent|delivered|read)$"))
    path, body = provider.received[-1]
    assert path.endswith("/messages")
    assert body["type"] == "template" and body["to"] == "59899123456"
    assert body["template"]["name"] == "order_ready" and body["template"]["language"]["code"] == "es"
    assert [p["text"] for p in body["template"]["components"][0]["parameters"]] == ["Ana", "A-17"]
    detail = recording(server, page.locator("#head-id").text_content())
    assert detail["address"] == "outgoing"
    assert detail["agentName"] == "Ana"

    # The customer has not answered: free text is outside the 24-hour window, the draft stays, templates are offered.
    composer(page).fill("¿Pudiste verlo?")
    composer(page).press("Enter")
    window = page.get_by_role("dialog", name="Send a template to +59899123456")
    expect(window).to_be_visible()
    expect(window).to_contain_text("has not written in the last 24 hours")
    expect(page.locator(".inbox-notice").filter(has_text="only a template can be sent")).to_be_visible()
    shot(page, "inbox-care-window.png")
    window.get_by_role("button", name="Cancel").click()
    expect(composer(page)).to_have_value("¿Pudiste verlo?")
    assert len(provider.received) == 1

    # An administrator adds a template while the inbox is open: the next dialog offers it, without a reload.
    status, added, _ = server.request("POST", f"/api/campaigns/{server.campaign['id']}/templates", {
        "name": "order_late", "language": "es", "body": "Tu pedido {{1}} se demora."}, session=server.admin)
    assert status == 201, added
    page.get_by_role("button", name="New conversation").click()
    dialog.get_by_label("Campaign").select_option(label="Ventas")
    expect(dialog.get_by_label("Template").locator("option")).to_have_text(["order_late (es)", "order_ready (es)"])
    dialog.get_by_role("button", name="Cancel").click()


def test_an_administrator_adds_edits_and_deletes_a_campaign_template(browser, server, errors):
    # A 422 answer is logged by the browser as a failed resource: the page shows it, the test expects it.
    page = logged_in_page(browser, server, "root", [], viewport={"width": 1440, "height": 1000})
    page.goto("/admin/#campaigns")
    expect(page.locator("html")).to_have_attribute("data-ready", "true")
    page.get_by_role("button", name=re.compile("^Ventas")).click()
    templates = page.locator("#template-form")
    expect(templates.locator(".template-item")).to_have_count(1)
    expect(templates.locator(".template-item").first).to_contain_text("order_ready")
    # Bad fields are named one by one.
    templates.get_by_label("Name").fill("Order Shipped")
    templates.get_by_label("Language").fill("spanish")
    templates.get_by_label("Text").fill("Tu pedido {{2}} salió.")
    templates.get_by_role("button", name="Add template").click()
    expect(templates.locator('[data-error-for="templateName"]')).to_contain_text("lowercase letters")
    expect(templates.locator('[data-error-for="templateLanguage"]')).to_contain_text("language code")
    expect(templates.locator('[data-error-for="templateBody"]')).to_contain_text("without gaps")
    templates.get_by_label("Name").fill("order_shipped")
    templates.get_by_label("Language").fill("es")
    templates.get_by_label("Text").fill("Tu pedido {{1}} salió.")
    templates.get_by_role("button", name="Add template").click()
    expect(templates.locator(".template-item")).to_have_count(2)
    shot(page, "admin-templates.png")
    templates.get_by_role("button", name="Edit order_shipped (es)").click()
    templates.get_by_label("Text").fill("Tu pedido {{1}} ya salió.")
    templates.get_by_role("button", name="Save template").click()
    expect(templates.locator(".template-item", has_text="order_shipped")).to_contain_text("Tu pedido {{1}} ya salió.")
    templates.get_by_role("button", name="Delete order_ready (es)").click()
    page.get_by_role("dialog").get_by_role("button", name="Delete").click()
    expect(templates.locator(".template-item")).to_have_count(1)
    status, listed, _ = server.request("GET", f"/api/campaigns/{server.campaign['id']}/templates", session=server.admin)
    assert [(t["name"], t["body"]) for t in listed] == [("order_shipped", "Tu pedido {{1}} ya salió.")]
