"""The wallboard page's speed figures (issue 11, "Speed"), measured on demand by `Scripts/bench wallboard-page` — not
part of Scripts/test:

    Scripts/bench wallboard-page [--agents 1000] [--campaigns 50] [--rate 10] [--seconds 600]

A real server (release build, its own SQLite file) with --campaigns campaigns and --agents agents created through the
REST API; every agent logs in over /live (one socket each, from this process) and pauses and resumes at random, so
that every campaign's figures and its agents' rows change about --rate times a second (the wallboard coalesces to
ten deltas a second). A supervisor of every campaign watches all of it on the wallboard in headless Chromium (1920×1080). Figures:

1. first paint after login: from the login request of the page to every tile and every grid row painted, in
   --first-paints new browser contexts (default 3; the median is printed);
2. main-thread busy: the DevTools protocol's TaskDuration over wall time, per 10 s sample, and overall;
3. JS heap after a forced GC every 10 s: first, largest, last;
4. with --trace-at 60,540: a DevTools trace of --trace-seconds at each of those offsets into the run, summarised
   side by side (main-thread time per event, style recalcs and their elements, paints and their areas, layers, timers,
   animation frames, DOM nodes and listeners), the raw traces kept in --trace-dir for chrome://tracing.
"""
import argparse
import asyncio
import concurrent.futures
import json
import os
import random
import statistics
import threading
import time

import websockets
from playwright.sync_api import sync_playwright

from support import PASSWORD, Server


def create_world(server, agents, campaigns):
    numbers = [f"+5989{n:07d}" for n in range(campaigns)]
    status, provider, _ = server.request("POST", "/api/providers", {
        "name": "HeyNow Cloud", "kind": "cloud", "baseUrl": "https://graph.example.test/v19.0", "numbers": numbers,
        "phoneNumberId": "109876543210", "accessToken": "token-value", "appSecret": "bench-app-secret",
        "verifyToken": "verify-me"}, session=server.admin)
    assert status == 201, provider
    def create(n):
        status, user, _ = server.request("POST", "/api/users", {
            "username": f"agent{n:04d}", "displayName": f"Agent {n:04d}", "password": PASSWORD, "role": "agent"},
            session=server.admin)
        assert status == 201, user
        return user["id"]

    # Each creation hashes a password: several at once keep both cores busy (the order of ids does not matter).
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        ids = list(pool.map(create, range(agents)))
    per = agents // campaigns
    campaign_ids = []
    for c in range(campaigns):
        status, campaign, _ = server.request("POST", "/api/campaigns", {
            "name": f"Campaign {c:02d}", "providerId": provider["id"], "number": numbers[c], "maxInteractionsPerAgent": 3},
            session=server.admin)
        assert status == 201, campaign
        campaign_ids.append(campaign["id"])
        for agent in ids[c * per:(c + 1) * per]:
            status, answer, _ = server.request("POST", f"/api/campaigns/{campaign['id']}/members", {"agentId": agent},
                                               session=server.admin)
            assert status in (200, 201, 204), answer
    status, answer, _ = server.request("PUT", f"/api/users/{server.users['sam']['id']}", {"supervisorScopes": campaign_ids},
                                       session=server.admin)
    assert status == 200, answer
    return [f"agent{n:04d}" for n in range(agents)]


class Traffic:
    """Every agent on its own /live socket, pausing and resuming at random: `rate` changes per campaign per second."""

    def __init__(self, server, usernames, campaigns, rate):
        self.server, self.usernames, self.rate = server, usernames, rate
        self.total_rate = campaigns * rate
        self.stop = threading.Event()
        self.ready = threading.Event()
        self.sent = 0
        self.thread = threading.Thread(target=lambda: asyncio.run(self.run()), daemon=True)

    async def agent(self, username, sockets):
        session = await asyncio.to_thread(self.server.login, username)
        ws = await websockets.connect(f"ws://127.0.0.1:{self.server.port}/live", max_size=None,
                                      additional_headers={"Cookie": f"sb_session={session}"})
        await ws.send(json.dumps({"cmd": "login", "id": f"{username}-login"}))
        sockets[username] = ws

    async def drain(self, ws):
        try:
            async for _ in ws:
                pass
        except websockets.ConnectionClosed:
            pass

    async def run(self):
        sockets = {}
        for start in range(0, len(self.usernames), 50):
            await asyncio.gather(*(self.agent(u, sockets) for u in self.usernames[start:start + 50]))
        drains = [asyncio.create_task(self.drain(ws)) for ws in sockets.values()]
        paused = set()
        self.ready.set()
        interval = 1 / self.total_rate
        next_at = time.monotonic()
        n = 0
        while not self.stop.is_set():
            username = random.choice(self.usernames)
            ws = sockets[username]
            n += 1
            if username in paused:
                paused.discard(username)
                await ws.send(json.dumps({"cmd": "status", "id": f"{username}-{n}", "paused": None}))
            else:
                paused.add(username)
                await ws.send(json.dumps({"cmd": "status", "id": f"{username}-{n}", "paused": "Break"}))
            self.sent += 1
            next_at += interval
            delay = next_at - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
        for ws in sockets.values():
            await ws.close()
        for task in drains:
            task.cancel()


def print_profile(cdp, seconds):
    """Where the page's main thread spends its time: the DevTools CPU profile's self time per function."""
    cdp.send("Profiler.enable")
    cdp.send("Profiler.start")
    time.sleep(seconds)
    profile = cdp.send("Profiler.stop")["profile"]
    interval = {}
    deltas = profile.get("timeDeltas", [])
    for sample, delta in zip(profile.get("samples", []), deltas[1:] + [0]):
        interval[sample] = interval.get(sample, 0) + delta
    by_function = {}
    for node in profile["nodes"]:
        frame = node["callFrame"]
        name = f"{frame['functionName'] or '(anonymous)'} {frame['url'].rsplit('/', 1)[-1]}:{frame['lineNumber'] + 1}"
        by_function[name] = by_function.get(name, 0) + interval.get(node["id"], 0)
    total = sum(by_function.values()) or 1
    print(f"CPU profile over {seconds} s, self time:")
    for name, micros in sorted(by_function.items(), key=lambda kv: -kv[1])[:15]:
        print(f"  {micros / total * 100:5.1f} %  {micros / 1000:8.0f} ms  {name}")


TRACE_CATEGORIES = ",".join([
    "toplevel", "devtools.timeline", "disabled-by-default-devtools.timeline", "disabled-by-default-devtools.timeline.frame",
    "blink", "cc", "v8", "disabled-by-default-v8.gc"])


def take_trace(page, cdp, seconds):
    """A DevTools trace of the page for `seconds`: the list of trace events."""
    done = []
    cdp.on("Tracing.tracingComplete", lambda event: done.append(event))
    cdp.send("Tracing.start", {"transferMode": "ReturnAsStream", "traceConfig": {
        "recordMode": "recordAsMuchAsPossible", "includedCategories": TRACE_CATEGORIES.split(",")}})
    page.wait_for_timeout(seconds * 1000)
    cdp.send("Tracing.end")
    deadline = time.monotonic() + 60
    while not done and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    stream = done[0]["stream"]
    chunks = []
    while True:
        piece = cdp.send("IO.read", {"handle": stream, "size": 1 << 20})
        chunks.append(piece["data"])
        if piece.get("eof"):
            break
    cdp.send("IO.close", {"handle": stream})
    text = "".join(chunks)
    data = json.loads(text)
    return data["traceEvents"] if isinstance(data, dict) else data


def summarise_trace(events, seconds):
    """Where the renderer's main thread went: self time per event name (nested complete events), and counts."""
    names = {(e["pid"], e["tid"]): e["args"]["name"] for e in events if e.get("ph") == "M" and e.get("name") == "thread_name"}
    mains = {key for key, name in names.items() if name == "CrRendererMain"}
    # The page's renderer: the main thread with the most FunctionCall events.
    calls = {}
    for e in events:
        if (e.get("pid"), e.get("tid")) in mains and e.get("name") == "FunctionCall":
            calls[(e["pid"], e["tid"])] = calls.get((e["pid"], e["tid"]), 0) + 1
    main = max(calls, key=calls.get) if calls else next(iter(mains))
    mine = [e for e in events if (e.get("pid"), e.get("tid")) == main]
    spans = []
    open_ = {}
    for e in mine:
        if e.get("ph") == "X" and "dur" in e:
            spans.append((e["ts"], e["ts"] + e["dur"], e["name"], e.get("args", {})))
        elif e.get("ph") == "B":
            open_.setdefault(e["name"], []).append(e)
        elif e.get("ph") == "E" and open_.get(e["name"]):
            b = open_[e["name"]].pop()
            spans.append((b["ts"], e["ts"], b["name"], {**b.get("args", {}), **e.get("args", {})}))
    spans.sort(key=lambda s: (s[0], -s[1]))
    self_time, count, stack, top = {}, {}, [], 0
    for start, end, name, _ in spans:
        while stack and stack[-1][1] <= start:
            stack.pop()
        if not stack:
            top += end - start
        else:
            parent = stack[-1][2]
            self_time[parent] = self_time.get(parent, 0) - (min(end, stack[-1][1]) - start)
        self_time[name] = self_time.get(name, 0) + (end - start)
        count[name] = count.get(name, 0) + 1
        stack.append((start, end, name))
    frames = count.get("WebFrameWidgetImpl::UpdateLifecycle", 0)
    summary = {"busy %": top / (seconds * 1e6) * 100, "frames/s": frames / seconds,
               "main-thread ms per frame": top / 1000 / frames if frames else 0,
               "self ms/s": {n: v / 1000 / seconds for n, v in self_time.items()},
               "count/s": {n: c / seconds for n, c in count.items()}}
    elements = [a.get("elementCount", 0) for _, _, n, a in spans if n == "UpdateLayoutTree"]
    summary["style recalcs/s"] = len(elements) / seconds
    summary["elements per recalc (mean)"] = statistics.mean(elements) if elements else 0
    summary["elements restyled/s"] = sum(elements) / seconds
    areas = []
    for e in mine:
        if e.get("name") == "Paint" and e.get("ph") in ("X", "B"):
            clip = e.get("args", {}).get("data", {}).get("clip")
            if clip and len(clip) >= 8:
                xs, ys = clip[0::2], clip[1::2]
                areas.append((max(xs) - min(xs)) * (max(ys) - min(ys)))
    summary["paints/s"] = len(areas) / seconds
    summary["painted px/s (M)"] = sum(areas) / seconds / 1e6
    layouts = [a.get("beginData", {}).get("dirtyObjects", 0) for _, _, n, a in spans if n == "Layout"]
    summary["layout objects dirtied/s"] = sum(layouts) / seconds
    instant = {}
    for e in mine:
        if e.get("ph") in ("I", "i", "R", "n"):
            instant[e["name"]] = instant.get(e["name"], 0) + 1
    for name in ("TimerInstall", "TimerRemove", "RequestAnimationFrame", "CancelAnimationFrame", "InvalidateLayout",
                 "ScheduleStyleRecalculation", "PaintInvalidationTracking", "LayerTreeHostImpl::SetVisible"):
        summary[f"{name}/s"] = instant.get(name, 0) / seconds
    return summary


def print_traces(traces):
    """The traces' summaries side by side (labels are the offsets into the run)."""
    labels = list(traces)
    print("trace comparison (" + " vs ".join(labels) + "):")
    scalars = [k for k in traces[labels[0]] if not isinstance(traces[labels[0]][k], dict)]
    for key in scalars:
        print(f"  {key:34s} " + "  ".join(f"{traces[l].get(key, 0):12.1f}" for l in labels))
    names = set()
    for l in labels:
        names |= {n for n, v in traces[l]["self ms/s"].items() if v > 0.5}
    print("  main-thread self time, ms per s (count per s):")
    for n in sorted(names, key=lambda n: -max(traces[l]["self ms/s"].get(n, 0) for l in labels))[:30]:
        print(f"    {n[:44]:44s} " + "  ".join(
            f"{traces[l]['self ms/s'].get(n, 0):7.1f} ({traces[l]['count/s'].get(n, 0):6.1f})" for l in labels))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--agents", type=int, default=1000)
    parser.add_argument("--campaigns", type=int, default=50)
    parser.add_argument("--rate", type=float, default=10, help="changes per campaign per second")
    parser.add_argument("--seconds", type=int, default=600)
    parser.add_argument("--first-paints", type=int, default=3, help="logins measured, each in a new browser context")
    parser.add_argument("--profile", type=int, default=0, help="then profile the page's JavaScript for this many seconds")
    parser.add_argument("--trace-at", default="", help="seconds into the run to take a DevTools trace at, e.g. 60,540")
    parser.add_argument("--trace-seconds", type=int, default=5)
    parser.add_argument("--trace-dir", default="", help="keep the raw traces here (JSON for chrome://tracing)")
    a = parser.parse_args()
    server = Server(agents=())
    try:
        started = time.monotonic()
        usernames = create_world(server, a.agents, a.campaigns)
        print(f"{a.agents} agents in {a.campaigns} campaigns created through the API in {time.monotonic() - started:.0f} s")
        traffic = Traffic(server, usernames, a.campaigns, a.rate)
        traffic.thread.start()
        traffic.ready.wait()
        print(f"{a.agents} agent sockets logged in; {traffic.total_rate:.0f} state changes per second")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--js-flags=--expose-gc"])
            errors = []

            def open_wallboard():
                """A new browser context logs in as the supervisor: seconds from the click to every tile and row painted."""
                context = browser.new_context(base_url=server.base, viewport={"width": 1920, "height": 1080})
                page = context.new_page()
                page.on("pageerror", lambda e: errors.append(str(e)))
                page.goto("/login/")
                page.get_by_label("Username").fill("sam")
                page.get_by_label("Password").fill(PASSWORD)
                clicked = time.monotonic()
                page.get_by_role("button", name="Log in").click()
                page.wait_for_url("**/wallboard/")
                page.wait_for_function(
                    f"() => document.querySelectorAll('.tile .tile-name').length >= {a.campaigns}"
                    f" && [...document.querySelectorAll('.tile .tile-name')].every((n) => n.textContent)"
                    f" && document.querySelectorAll('#agent-grid tbody tr').length >= {a.agents}", timeout=60_000)
                page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")
                return context, page, time.monotonic() - clicked

            paints = []
            for n in range(a.first_paints):
                context, page, seconds = open_wallboard()
                paints.append(seconds)
                if n < a.first_paints - 1:
                    context.close()
            print("first paint after login (every tile and row): "
                  + ", ".join(f"{p * 1000:.0f}" for p in paints) + f" ms; median {statistics.median(paints) * 1000:.0f} ms"
                  + f" (load average {os.getloadavg()[0]:.1f})")

            cdp = context.new_cdp_session(page)
            cdp.send("Performance.enable")

            def metrics():
                return {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}

            def task_seconds():
                return metrics()["TaskDuration"]

            def heap():
                page.evaluate("() => window.gc && window.gc()")
                return page.evaluate("() => performance.memory.usedJSHeapSize") / 1e6

            busy, heaps = [], [heap()]
            m0 = metrics()
            t0, w0 = task_seconds(), time.monotonic()
            end = w0 + a.seconds
            trace_at = sorted(int(x) for x in a.trace_at.split(",") if x)
            traces = {}
            while time.monotonic() < end:
                # A traced 10 s sample is left out of the busy figures (tracing itself costs the page time).
                traced = bool(trace_at) and time.monotonic() - (end - a.seconds) >= trace_at[0]
                if traced:
                    at = trace_at.pop(0)
                    counts = metrics()
                    events = take_trace(page, cdp, a.trace_seconds)
                    if a.trace_dir:
                        os.makedirs(a.trace_dir, exist_ok=True)
                        with open(os.path.join(a.trace_dir, f"wallboard-{at}s.json"), "w") as f:
                            json.dump({"traceEvents": events}, f)
                    summary = summarise_trace(events, a.trace_seconds)
                    for k in ("Nodes", "JSEventListeners", "LayoutObjects", "Documents"):
                        summary[k] = counts.get(k, 0)
                    summary["JS heap used (MB)"] = counts.get("JSHeapUsedSize", 0) / 1e6
                    traces[f"{at} s"] = summary
                time.sleep(max(0, w0 + 10 - time.monotonic()))
                t1, w1 = task_seconds(), time.monotonic()
                if not traced:
                    busy.append((t1 - t0) / (w1 - w0))
                t0, w0 = t1, w1
                heaps.append(heap())
            overall = statistics.mean(busy) if busy else 0
            print(f"main thread busy over {a.seconds} s: mean {overall * 100:.1f} %, "
                  f"p90 {sorted(busy)[int(0.9 * (len(busy) - 1))] * 100:.1f} %, max {max(busy) * 100:.1f} %")
            minutes = [busy[i:i + 6] for i in range(0, len(busy), 6)]
            print("  by minute: " + " ".join(f"{statistics.mean(m) * 100:.0f}" for m in minutes) + " %")
            m1 = metrics()
            spent = {k: m1[k] - m0[k] for k in ("ScriptDuration", "RecalcStyleDuration", "LayoutDuration", "TaskDuration")}
            counts = {k: m1[k] - m0[k] for k in ("LayoutCount", "RecalcStyleCount")}
            print("main thread time by kind (s): " + ", ".join(f"{k} {v:.1f}" for k, v in spent.items())
                  + "; " + ", ".join(f"{k} {v:.0f}" for k, v in counts.items()))
            print(f"JS heap after GC: first {heaps[0]:.1f} MB, largest {max(heaps):.1f} MB, last {heaps[-1]:.1f} MB")
            print(f"state changes sent: {traffic.sent}; page errors: {len(errors)}")
            if traces:
                print_traces(traces)
            if a.profile:
                print_profile(cdp, a.profile)
            traffic.stop.set()
            traffic.thread.join(timeout=30)
            browser.close()
    finally:
        if os.environ.get("SHOW_LOG"):
            print(open(os.path.join(server.dir, "server.log")).read()[-4000:])
        server.remove()


if __name__ == "__main__":
    os.environ.setdefault("SWITCHBOARD_BIN", os.path.join(os.path.dirname(__file__), "..", "..", ".build", "release", "switchboard"))
    main()
