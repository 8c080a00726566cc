// Campaign tiles, shared by the wallboard and the TV mode: built once per campaign, then updated in place (no
// flicker, no layout jump). A figure with thresholds shows its level as a colour, an icon and a word.
import { formatDuration, formatPercent, t } from "../js/i18n.js";
import { TrendChart } from "./trend.js";
import { setText } from "../js/paint.js";

const levelIcon = { ok: "✓", warning: "▲", critical: "■" };

/// The worst of a figures' levels ("ok" when none).
export function worstLevel(levels) {
  const order = ["ok", "warning", "critical"];
  return Object.values(levels ?? {}).reduce((worst, level) => (order.indexOf(level) > order.indexOf(worst) ? level : worst), "ok");
}

/// A badge: icon + word, coloured by level.
export function levelBadge(level) {
  const badge = document.createElement("span");
  paintLevel(badge, level);
  return badge;
}

export function paintLevel(badge, level) {
  const known = levelIcon[level] ? level : "ok";
  if (badge.dataset.level === known) return;   // a language switch reloads the page, so the word is current
  badge.dataset.level = known;
  badge.className = `badge level level-${known}`;
  badge.textContent = `${levelIcon[known]} ${t(`level.${known}`)}`;
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/// One campaign's tile; `update(figures, interval, target, timeZone)` repaints it. `withTrend`: today's chart.
export class CampaignTile {
  constructor(campaignId, { withTrend = true } = {}) {
    this.root = el("article", "tile card");
    this.root.dataset.campaign = campaignId;
    const head = el("header", "tile-head");
    this.title = el("h3", "tile-name");
    this.title.id = `tile-${campaignId}-name`;
    this.root.setAttribute("aria-labelledby", this.title.id);
    this.state = el("span");
    this.disabled = el("span", "badge tile-disabled", t("wallboard.disabled"));
    this.disabled.hidden = true;
    head.append(this.title, this.disabled, this.state);
    const big = el("div", "tile-big");
    this.waiting = this.bigFigure(big, "wallboard.fig.waiting");
    this.longestWait = this.bigFigure(big, "wallboard.fig.longestWait", true);
    this.longestWait.value.classList.add("tick-wait");
    this.serviceLevel = this.bigFigure(big, "wallboard.fig.serviceLevel", true);
    this.intervalLabel = el("p", "tile-interval muted");
    this.small = el("dl", "tile-small");
    this.rows = {};
    for (const key of ["offered", "answered", "abandoned", "serviceLevelWithAbandoned", "asa", "aht", "firstResponse",
      "agents", "freeSlots", "occupancy"]) {
      const wrap = el("div", "small-figure");
      const label = el("dt", null, t(`wallboard.fig.${key}`));
      const value = el("dd", "live-figure");
      wrap.append(label, value);
      if (["asa", "aht", "firstResponse"].includes(key)) {
        const badge = el("span");
        wrap.append(badge);
        value.badge = badge;
      }
      this.small.append(wrap);
      this.rows[key] = value;
    }
    this.waitingList = el("details", "waiting-list");
    this.waitingSummary = el("summary");
    this.waitingItems = el("ol", "waiting-items");
    this.waitingList.append(this.waitingSummary, this.waitingItems);
    this.trend = withTrend ? new TrendChart() : null;
    this.root.append(head, big, this.intervalLabel, this.small, ...(this.trend ? [this.trend.root] : []), this.waitingList);
    this.entries = new Map();
  }

  bigFigure(parent, labelKey, withLevel = false) {
    const box = el("div", "big-figure");
    const label = el("span", "big-label", t(labelKey));
    const value = el("span", "big-value live-figure", "—");
    box.append(label, value);
    const figure = { box, value };
    if (withLevel) {
      figure.badge = el("span");
      box.append(figure.badge);
    }
    figure.sub = el("span", "big-sub muted");
    box.append(figure.sub);
    parent.append(box);
    return figure;
  }

  /// Repaints from the protocol's figures; `which` is "today" or "window"; `target` the SL target in percent.
  /// A tile colours by the interval it shows (today's levels, or the window's).
  update(figures, which, target, timeZone) {
    const interval = figures[which] ?? {};
    const levels = (which === "window" ? figures.windowLevels : figures.levels) ?? figures.levels ?? {};
    this.trend?.update(figures, timeZone);
    setText(this.title, figures.name);
    if (this.disabled.hidden !== (figures.enabled !== false)) this.disabled.hidden = figures.enabled !== false;
    paintLevel(this.state, worstLevel(levels));
    if (this.root.dataset.level !== worstLevel(levels)) this.root.dataset.level = worstLevel(levels);
    setText(this.waiting.value, String(figures.waiting ?? 0));
    const oldest = String(figures.oldestEnqueuedAt ?? "");
    if (this.longestWait.value.dataset.since !== oldest) this.longestWait.value.dataset.since = oldest;
    setText(this.longestWait.value, formatDuration(figures.oldestEnqueuedAt ? figures.longestWait : 0));
    paintLevel(this.longestWait.badge, levels.longestWait);
    setText(this.serviceLevel.value, formatPercent(interval.serviceLevel));
    setText(this.serviceLevel.sub, target !== undefined ? t("wallboard.target", { target }) : "");
    paintLevel(this.serviceLevel.badge, levels.serviceLevel);
    setText(this.intervalLabel, which === "today" ? t("wallboard.intervalToday")
      : t("wallboard.intervalWindow", { minutes: figures.windowMinutes ?? 30 }));
    const r = this.rows;
    setText(r.offered, String(interval.offered ?? 0));
    setText(r.answered, String(interval.answered ?? 0));
    setText(r.abandoned, `${interval.abandoned ?? 0} (${t("wallboard.short", { n: interval.shortAbandoned ?? 0 })})`);
    setText(r.serviceLevelWithAbandoned, formatPercent(interval.serviceLevelWithAbandoned));
    setText(r.asa, formatDuration(interval.asa));
    paintLevel(r.asa.badge, levels.asa);
    setText(r.aht, formatDuration(interval.aht));
    paintLevel(r.aht.badge, levels.aht);
    const fr = interval.firstResponse ?? {};
    setText(r.firstResponse, `${formatDuration(fr.mean)} · ${formatDuration(fr.median)} · ${formatDuration(fr.p90)}`);
    if (r.firstResponse.title !== t("wallboard.firstResponseParts")) r.firstResponse.title = t("wallboard.firstResponseParts");
    paintLevel(r.firstResponse.badge, levels.firstResponse);
    const agents = figures.agents ?? {};
    setText(r.agents, t("wallboard.agentCounts", { available: agents.available ?? 0, busy: agents.busy ?? 0, paused: agents.paused ?? 0 }));
    setText(r.freeSlots, String(figures.freeSlots ?? 0));
    setText(r.occupancy, formatPercent(figures.occupancy));
  }

  /// Replaces the waiting list (campaign snapshot).
  setWaiting(entries) {
    this.entries.clear();
    this.waitingItems.replaceChildren();
    for (const entry of entries) this.addWaiting(entry);
    this.paintWaitingCount();
  }

  addWaiting(entry) {
    this.entries.get(entry.interaction)?.remove();
    const item = el("li", "waiting-item");
    const number = el("span", "waiting-number", entry.customer);
    const time = el("span", "waiting-time tick-wait live-figure");
    time.dataset.since = entry.enqueuedAt;
    time.textContent = formatDuration((Date.now() - entry.enqueuedAt) / 1000);
    item.append(number, time);
    if (entry.requeued) item.append(el("span", "badge level-warning", `↺ ${t("wallboard.requeued")}`));
    // Oldest first: a requeued one goes back to the head.
    if (entry.requeued) this.waitingItems.prepend(item); else this.waitingItems.append(item);
    this.entries.set(entry.interaction, item);
    this.paintWaitingCount();
  }

  removeWaiting(interaction) {
    this.entries.get(interaction)?.remove();
    this.entries.delete(interaction);
    this.paintWaitingCount();
  }

  paintWaitingCount() {
    this.waitingSummary.textContent = t("wallboard.waitingList", { n: this.entries.size });
  }
}

/// Ticks every `.tick-wait[data-since]` once a second (durations since an instant, in the server's clock). The grid's
/// rows and the wallboard's tiles are `content-visibility: auto`: the figures of one the browser skips (off screen) are
/// not written, and are brought up to date the moment it is rendered again (`contentvisibilityautostatechange`, which
/// the browser fires for each such box when it starts or stops being skipped, and once at first). An
/// IntersectionObserver over every ticking figure did the same, at the price of 1,000 targets computed every frame.
export function startTicking(root, clockOffset = () => 0) {
  const paint = (node, now) => {
    const since = Number(node.dataset.since);
    setText(node, since ? formatDuration(Math.max(0, now - since) / 1000) : formatDuration(0));
  };
  const skipped = new WeakSet();
  root.addEventListener("contentvisibilityautostatechange", (event) => {
    if (event.skipped) { skipped.add(event.target); return; }
    skipped.delete(event.target);
    const now = Date.now() + clockOffset();
    for (const node of event.target.querySelectorAll(".tick-wait[data-since]")) paint(node, now);
  }, true);   // capture: the event does not bubble
  const shown = (node) => {
    for (let box = node.parentElement; box; box = box.parentElement) if (skipped.has(box)) return false;
    return true;
  };
  setInterval(() => {
    const now = Date.now() + clockOffset();
    for (const node of root.querySelectorAll(".tick-wait[data-since]")) if (shown(node)) paint(node, now);
  }, 1000);
}
