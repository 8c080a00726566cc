"""The recordings page's speed over a million interactions (issue 13, "Large results stay fast"), measured on demand
by `Scripts/bench recordings-page` — not part of Scripts/test:

    Scripts/bench recordings-page [--db FILE] [--runs 3]

The database is the store benchmark's search file (`Scripts/bench store --skip-write` generates it once: 1,000,000
interactions, about 10 messages each, FTS5 and every index), served by a real `switchboard serve` (release build). An
administrator, logged in in headless Chromium (1440×900), opens the page and runs searches by typing in the form and
pressing Search. Each figure is from the form's submit event (or the navigation's start, for the page opened bare: the HTML, the modules,
the texts, the user and the search) to the first page of rows painted (the page's `recordings:first-page` mark, then
the next frame), on the page's own clock, in --runs runs; the median is printed.
"""
import argparse
import glob
import os
import shutil
import statistics
import subprocess
import tempfile

from playwright.sync_api import sync_playwright

from support import PASSWORD, Server, binary, free_port

USERNAME = "bench-admin"


class SearchFileServer(Server):
    """`serve` on the benchmark's search file, with an administrator of this script's own."""

    def __init__(self, db):
        self.dir = tempfile.mkdtemp(prefix="switchboard-recordings-")
        self.db = db
        self.port = free_port()
        self.proc = None
        self.users = {}
        self.serve_args = []
        added = subprocess.run([binary(), "user", "add", "--db", db, "--username", USERNAME, "--role", "admin", "--password", PASSWORD],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if added.returncode != 0:   # there from an earlier run
            subprocess.run([binary(), "user", "passwd", "--db", db, "--username", USERNAME, "--password", PASSWORD], check=True,
                           stdout=subprocess.DEVNULL)
        self.start()

    def remove(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


def painted(page):
    """Milliseconds from the navigation's start, or from the form's submit event, to the first page of rows painted
    (the page's `recordings:first-page` mark, then the next frame): the page's own clock, so Playwright's round
    trips to the browser are not counted."""
    page.wait_for_function("() => performance.getEntriesByName('recordings:first-page').length > 0", timeout=60_000)
    return page.evaluate("""() => new Promise((resolve) => requestAnimationFrame(() => {
        const mark = performance.getEntriesByName('recordings:first-page').at(-1).startTime;
        const painted = Math.max(performance.now(), mark);
        resolve(painted - (window.submittedAt ?? 0));
    }))""")


def main():
    parser = argparse.ArgumentParser()
    found = sorted(glob.glob("/tmp/sb-store-bench-search-v*-1000000x10.sqlite"))
    parser.add_argument("--db", default=found[-1] if found else None, help="the store benchmark's search file")
    parser.add_argument("--runs", type=int, default=3)
    a = parser.parse_args()
    if not a.db or not os.path.exists(a.db):
        raise SystemExit("no search file: run `Scripts/bench store --skip-write` first, or pass --db")
    server = SearchFileServer(a.db)
    searches = [
        ("the page opened bare (newest first, all 1,000,000)", None),
        ("words in the messages: one common word", {"Words in the messages": "factura"}),
        ("words in the messages: two rare words", {"Words in the messages": "cecebaba0 dicebaba1"}),
        ("campaign", {"Campaign": "Campaign 7"}),
        ("subject", {"Subject": "factura"}),
    ]
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            context = browser.new_context(base_url=server.base, viewport={"width": 1440, "height": 900})
            context.add_cookies([{"name": "sb_session", "value": server.login(USERNAME), "url": server.base}])
            print(f"# Recordings page over `{os.path.basename(a.db)}` (load average {os.getloadavg()[0]:.1f})\n")
            print("| search | runs, ms | median ms | rows shown | total |")
            print("|---|---|---|---|---|")
            for name, fields in searches:
                times, rows, total = [], 0, ""
                for _ in range(a.runs):
                    page = context.new_page()
                    if fields is None:
                        page.goto("/recordings/")
                    else:
                        page.goto("/recordings/")
                        painted(page)
                        page.evaluate("""() => {
                            performance.clearMarks('recordings:first-page');
                            document.querySelector('form').addEventListener('submit', () => { window.submittedAt = performance.now(); },
                                                                             { capture: true });
                        }""")
                        for label, value in fields.items():
                            field = page.get_by_label(label)
                            if field.evaluate("(n) => n.tagName") == "SELECT":
                                field.select_option(label=value)
                            else:
                                field.fill(value)
                        page.get_by_role("button", name="Search", exact=True).click()
                    times.append(painted(page) / 1000)
                    rows = page.locator("#results tbody tr").count()
                    total = page.locator("#summary").text_content()
                    page.close()
                print(f"| {name} | {', '.join(f'{t * 1000:.0f}' for t in times)} | {statistics.median(times) * 1000:.0f} | {rows} | {total} |")
            browser.close()
    finally:
        server.remove()


if __name__ == "__main__":
    main()
