"""The definitions page (/definitions/) in a real headless Chromium against a real server: readable without
logging in, every figure in its table, the campaign defaults it states are the ones the server gives a new
campaign, a figure reachable by its anchor, and the whole page in Spanish."""
import re

import pytest
from playwright.sync_api import expect

from support import SECOND_NUMBER, Server, logged_in_page, shot

WIDE = {"width": 1440, "height": 900}
TABLES = {
    "Live state (now)": 10,
    "Figures of an interval (today or the rolling window)": 15,
    "Campaign settings behind the figures": 8,
}


@pytest.fixture(scope="module")
def server():
    s = Server()
    s.seed_campaign()
    yield s
    s.remove()


@pytest.fixture()
def anonymous(browser, server, errors):
    context = browser.new_context(base_url=server.base, locale="en-US", viewport=WIDE)
    page = context.new_page()
    page.on("console", lambda m: errors.append(f"{m.text} {m.location}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()


def setting(page, name):
    """The default the settings table states for `name`."""
    return page.get_by_role("table", name="Campaign settings behind the figures").get_by_role("row", name=re.compile(
        "^" + re.escape(name))).locator("td")


def test_anyone_reads_every_definition_without_logging_in(anonymous):
    page = anonymous
    page.goto("/definitions/")
    expect(page).to_have_url(re.compile(r"/definitions/$"))
    expect(page.get_by_role("heading", name="How every figure is counted", level=1)).to_be_visible()
    for name, count in TABLES.items():
        expect(page.get_by_role("table", name=name).locator("tbody tr")).to_have_count(count)
    # Each figure has its name and a non-empty meaning, no key shown in place of a text.
    for row in page.locator(".defs-table tbody tr").all():
        name, meaning = row.locator("th").text_content().strip(), row.locator("td").text_content().strip()
        assert name and meaning and not meaning.startswith("defs."), (name, meaning)
    service_level = page.get_by_role("row", name=re.compile(r"^Service level \(default\)"))
    expect(service_level).to_contain_text("Answered within T ÷ (answered + abandoned − short abandoned).")
    expect(page.get_by_role("region", name="Thresholds")).to_contain_text("warning and a critical level")
    shot(page, "definitions.png", full_page=True)


def test_the_defaults_it_states_are_the_ones_a_new_campaign_gets(anonymous, server):
    status, campaign, _ = server.request("POST", "/api/campaigns", {
        "name": "Por defecto", "providerId": server.provider, "number": SECOND_NUMBER}, session=server.admin)
    assert status == 201, campaign
    page = anonymous
    page.goto("/definitions/")
    expect(setting(page, "Time zone")).to_have_text(campaign["timeZone"])
    expect(setting(page, "Service-level seconds (T)")).to_have_text(f"{campaign['serviceLevelSeconds']} s")
    expect(setting(page, "Service-level target")).to_have_text(f"{campaign['serviceLevelTarget']}%")
    expect(setting(page, "Short-abandon seconds")).to_have_text(f"{campaign['shortAbandonSeconds']} s")
    expect(setting(page, "Maximum queue time")).to_have_text(f"{campaign['maxQueueSeconds']} s")
    expect(setting(page, "Maximum conversations per agent")).to_have_text(str(campaign["maxInteractionsPerAgent"]))
    expect(setting(page, "Auto-assign")).to_have_text(re.compile("^On" if campaign["autoAssign"] else "^Off"))


def test_a_figure_is_reached_by_its_anchor(anonymous):
    page = anonymous
    page.goto("/definitions/#m-aht")
    row = page.get_by_role("row", name=re.compile(r"^AHT \(average handling time\)"))
    expect(row).to_be_in_viewport()
    expect(page.locator("#m-serviceLevel")).not_to_be_in_viewport()


def test_a_logged_in_supervisor_reads_it_in_spanish(browser, server, errors):
    page = logged_in_page(browser, server, "sam", errors, viewport=WIDE)
    page.goto("/definitions/")
    english = page.locator("[data-i18n]").all_text_contents()
    page.get_by_label("Language").select_option("es")
    expect(page.get_by_role("heading", name="Cómo se cuenta cada cifra", level=1)).to_be_visible()
    expect(page.get_by_role("table", name="Estado en vivo (ahora)").locator("tbody tr")).to_have_count(10)
    expect(page.get_by_role("row", name=re.compile(r"^Nivel de servicio \(por defecto\)"))).to_be_visible()
    spanish = page.locator("[data-i18n]").all_text_contents()
    keys = page.locator("[data-i18n]").evaluate_all("nodes => nodes.map(n => n.dataset.i18n)")
    assert len(spanish) == len(english) == len(keys)
    # Every text changed language except figures that read the same in both (UTC, 60 s, 3 …).
    same = [key for key, en, es in zip(keys, english, spanish) if en == es]
    assert all(key.startswith("defs.s.") and key.endswith(".value") for key in same), same
    assert not [text for text in spanish if text.startswith("defs.")]
    expect(page.get_by_role("navigation", name="Pages").get_by_role("link", name="Definiciones")).to_have_attribute(
        "aria-current", "page")
    shot(page, "definitions-es.png")
