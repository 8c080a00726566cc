// The agent grid: every agent of the campaigns in scope, one row each, updated in place. State, load and today's
// figures come with the wallboard topic (`agents` rows in its snapshot and deltas: no per-agent subscription, so a
// 1,000-agent grid costs one topic); the open interactions of the agent in the panel from `info`.
import { formatDuration, t } from "../js/i18n.js";
import { api } from "../js/session.js";
import { live } from "../js/live.js";
import { FramePainter, setText } from "../js/paint.js";

const stateIcon = { available: "●", busy: "◆", paused: "❚❚", offline: "○" };

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/// A state badge: icon + word (+ the pause reason).
export function stateBadge(presence) {
  const status = presence?.status ?? "offline";
  const badge = el("span", `badge state state-${status}`, `${stateIcon[status] ?? "○"} ${t(`state.${status}`)}`);
  return badge;
}

export class AgentGrid {
  constructor({ table, search, campaignFilter, stateFilter, campaigns, onOpen, errorText }) {
    this.body = table.tBodies[0];
    this.search = search;
    this.campaignFilter = campaignFilter;
    this.stateFilter = stateFilter;
    this.campaigns = campaigns;
    this.onOpen = onOpen;
    this.errorText = errorText;
    this.agents = new Map();   // id → { id, name, monitorScreen, campaigns:Set, presence, today, interactions, row, cells }
    this.sort = { key: "name", ascending: true };
    for (const button of table.querySelectorAll("th button[data-sort]")) {
      button.addEventListener("click", () => {
        const key = button.dataset.sort;
        this.sort = { key, ascending: this.sort.key === key ? !this.sort.ascending : true };
        for (const th of table.querySelectorAll("th")) th.removeAttribute("aria-sort");
        button.closest("th").setAttribute("aria-sort", this.sort.ascending ? "ascending" : "descending");
        this.order();
      });
    }
    for (const control of [search, campaignFilter, stateFilter]) control.addEventListener("input", () => this.order());
    // One listener for every row's name button (1,000 rows do not each need their own).
    this.body.addEventListener("click", (event) => {
      const button = event.target.closest?.("button.link-button");
      const agent = button && this.agents.get(Number(button.closest("tr")?.dataset.agent));
      if (agent) this.onOpen(agent);
    });
    this.refreshTimers = new Map();
    // Rows change hundreds of times a second under load: each is painted at most once a frame.
    this.painter = new FramePainter((agent) => this.paint(agent));
  }

  /// Loads the members of every campaign (names and the monitor-screen flag; the live rows may come first).
  async load(campaigns) {
    for (const campaign of campaigns) {
      const option = el("option", null, campaign.name);
      option.value = String(campaign.id);
      this.campaignFilter.append(option);
    }
    const lists = await Promise.all(campaigns.map((c) => api("GET", `/api/campaigns/${c.id}/members`).catch(() => [])));
    lists.forEach((members, index) => {
      for (const user of members) this.add(user, campaigns[index].id);
    });
    this.order();
  }

  add(user, campaignId) {
    let agent = this.agents.get(user.id);
    if (!agent) {
      agent = { id: user.id, name: user.displayName, monitorScreen: user.monitorScreen, campaigns: new Set(), presence: null,
        today: null, interactions: [], unread: 0 };
      this.agents.set(user.id, agent);
      this.buildRow(agent);
    } else if (user.monitorScreen !== undefined) {
      agent.monitorScreen = user.monitorScreen;
    }
    agent.campaigns.add(campaignId);
    return agent;
  }

  /// The wallboard's agent rows (snapshot or delta): state, load, maximum and today's figures, in place.
  applyRows(rows) {
    let reorder = false;
    for (const row of rows) {
      let agent = this.agents.get(row.agent);
      if (!row.campaigns?.length) {   // left every campaign in scope
        if (agent) { agent.row.remove(); this.agents.delete(row.agent); }
        continue;
      }
      if (!agent) {
        agent = this.add({ id: row.agent, displayName: row.name }, row.campaigns[0]);
        reorder = true;
      }
      agent.campaigns = new Set(row.campaigns);
      agent.maximumNow = row.maximum;
      const loadChanged = agent.presence && agent.presence.active !== row.active;
      if (agent.presence?.status !== row.status) reorder = reorder || this.sort.key === "state" || Boolean(this.stateFilter.value);
      agent.presence = { status: row.status, reason: row.reason, since: row.since, active: row.active };
      agent.today = row.today;
      this.painter.mark(agent);
      this.changed?.(agent, loadChanged);
    }
    if (reorder || ["since", "active", "handled", "aht", "firstResponse"].includes(this.sort.key)) {
      this.painter.afterPaint(() => this.order());
    }
  }

  /// The most interactions the agent may hold (the largest maximum of its campaigns).
  maximum(agent) {
    if (agent.maximumNow) return agent.maximumNow;
    let max = 0;
    for (const id of agent.campaigns) max = Math.max(max, this.campaigns.get(id)?.maxInteractionsPerAgent ?? 0);
    return max || 1;
  }

  buildRow(agent) {
    const row = el("tr");
    row.setAttribute("role", "row");   // the grid's CSS display drops the table's implicit roles
    row.dataset.agent = agent.id;
    const nameCell = el("td", "agent-name");
    const open = el("button", "link-button", agent.name);
    open.type = "button";
    open.setAttribute("aria-haspopup", "true");
    const unread = el("span", "badge unread");
    unread.hidden = true;
    nameCell.append(open, unread);
    const stateCell = el("td");
    const sinceCell = el("td", "num");
    const since = el("span", "tick-wait live-figure");
    sinceCell.append(since);
    const activeCell = el("td", "agent-load");
    const meter = el("meter");
    meter.min = 0;
    const activeText = el("span", "load-text live-figure");
    activeCell.append(meter, activeText);
    const handled = el("td", "num live-figure"), aht = el("td", "num live-figure"), firstResponse = el("td", "num live-figure");
    row.append(nameCell, stateCell, sinceCell, activeCell, handled, aht, firstResponse);
    for (const cell of row.children) cell.setAttribute("role", "cell");
    agent.row = row;
    agent.cells = { stateCell, since, meter, activeText, handled, aht, firstResponse, unread };
    this.paint(agent);
    this.body.append(row);
  }

  /// Writes the row's cells from the agent's model; only what changed reaches the DOM.
  paint(agent) {
    const c = agent.cells;
    const presence = agent.presence ?? { status: "offline", since: null, active: 0 };
    const reasonText = presence.status === "paused" && presence.reason ? presence.reason : "";
    const stateKey = `${presence.status}|${reasonText}`;
    if (c.stateKey !== stateKey) {
      c.stateKey = stateKey;
      const reason = reasonText ? el("span", "pause-reason", reasonText) : null;
      c.stateCell.replaceChildren(stateBadge(presence), ...(reason ? [reason] : []));
      agent.row.dataset.state = presence.status;
    }
    const since = String(presence.since ?? "");
    if (c.since.dataset.since !== since) {
      c.since.dataset.since = since;
      if (!presence.since) c.since.textContent = "—";
    }
    const max = this.maximum(agent);
    const active = presence.active ?? 0;
    if (c.meter.max !== max) c.meter.max = max;
    if (c.meter.value !== Math.min(active, max)) c.meter.value = Math.min(active, max);
    const load = `${active} / ${max}`;
    if (c.activeText.textContent !== load) {
      c.meter.setAttribute("aria-label", t("wallboard.loadLabel", { active, max }));
      c.activeText.textContent = load;
    }
    setText(c.handled, agent.today ? String(agent.today.handled ?? 0) : "—");
    setText(c.aht, formatDuration(agent.today?.aht));
    setText(c.firstResponse, formatDuration(agent.today?.firstResponse));
    if (c.unread.hidden !== (agent.unread === 0)) c.unread.hidden = agent.unread === 0;
    setText(c.unread, t("wallboard.unread", { n: agent.unread }));
  }

  /// Asks `info` again shortly (many load changes in a burst make one request).
  refreshSoon(agent, delay = 400) {
    clearTimeout(this.refreshTimers.get(agent.id));
    this.refreshTimers.set(agent.id, setTimeout(() => this.refresh(agent), delay));
  }

  async refresh(agent) {
    try {
      const info = await live.command("info", { agent: agent.id });
      agent.today = info.today;
      agent.interactions = info.interactions ?? [];
      agent.monitorScreen = info.monitorScreen;
      agent.info = info;
      this.paint(agent);
      this.changed?.(agent);
    } catch (error) {
      if (error.code === "reconnecting") this.refreshSoon(agent, 2000);
    }
  }

  /// Filters and sorts the rows (moves nodes; rows themselves are never rebuilt).
  order() {
    const text = this.search.value.trim().toLowerCase();
    const campaign = Number(this.campaignFilter.value) || null;
    const wanted = this.stateFilter.value;
    const value = (agent) => {
      switch (this.sort.key) {
        case "state": return agent.presence?.status ?? "offline";
        case "since": return agent.presence?.since ?? 0;
        case "active": return agent.presence?.active ?? 0;
        case "handled": return agent.today?.handled ?? -1;
        case "aht": return agent.today?.aht ?? -1;
        case "firstResponse": return agent.today?.firstResponse ?? -1;
        default: return agent.name.toLowerCase();
      }
    };
    const sorted = [...this.agents.values()].sort((a, b) => {
      const x = value(a), y = value(b);
      const order = x < y ? -1 : x > y ? 1 : a.name.localeCompare(b.name);
      return this.sort.ascending ? order : -order;
    });
    // Rows already in place stay: only the ones out of order move (a move costs a layout; 1,000 appends did).
    let next = this.body.firstElementChild;
    for (const agent of sorted) {
      const hidden = Boolean((text && !agent.name.toLowerCase().includes(text)) || (campaign && !agent.campaigns.has(campaign))
        || (wanted && (agent.presence?.status ?? "offline") !== wanted));
      if (agent.row.hidden !== hidden) agent.row.hidden = hidden;
      if (next === agent.row) next = next.nextElementSibling;
      else this.body.insertBefore(agent.row, next);
    }
  }
}
