// The supervisor's wallboard: a tile per campaign in scope (figures from `wallboard`, waiting lists from
// `campaign:<id>`), the alert feed, the agent grid (`agent:<id>` presence and load, `info` for today's figures) and
// the six actions on an agent: Spy, Monitor screen, Info, Pause/Resume, Chat with agent, Disconnect agent.
import { formatDuration, formatTime, setUpTexts, t } from "../js/i18n.js";
import { live } from "../js/live.js";
import { api, requireUser, wireLogout } from "../js/session.js";
import { CampaignTile, levelBadge, startTicking } from "./tiles.js";
import { AgentGrid } from "./agents.js";
import { FramePainter } from "../js/paint.js";
import { ActionPanel } from "./actions.js";

const $ = (id) => document.getElementById(id);

/// An error of the live protocol or the API in words.
export function errorText(error) {
  const key = `error.${error?.code}`;
  const text = t(key);
  return text !== key ? text : (error?.message || t("error.internal"));
}

/// A short notice in the corner.
export function toast(text, kind = "info") {
  const node = document.createElement("div");
  node.className = `toast ${kind}`;
  node.setAttribute("role", kind === "critical" ? "alert" : "status");
  node.textContent = text;
  $("toasts").append(node);
  setTimeout(() => node.remove(), 6000);
}

const WINDOWS = [15, 30, 60];
const storedWindow = Number(localStorage.getItem("switchboard.wallboard.window"));

const state = {
  interval: localStorage.getItem("switchboard.wallboard.interval") === "window" ? "window" : "today",
  window: WINDOWS.includes(storedWindow) ? storedWindow : 30,   // minutes of the rolling window shown
  campaigns: new Map(),   // id → REST campaign (name, time zone, targets, max per agent)
  tiles: new Map(),       // id → CampaignTile
  figures: new Map(),     // id → last figures
  clockOffset: 0,
};

function tileFor(id) {
  let tile = state.tiles.get(id);
  if (!tile) {
    tile = new CampaignTile(id);
    state.tiles.set(id, tile);
    $("tiles").append(tile.root);
    $("no-campaigns").hidden = true;
  }
  return tile;
}

// A tile is painted at most once a frame, from its campaign's latest figures.
const tiles = new FramePainter((id) => {
  const figures = state.figures.get(id);
  const campaign = state.campaigns.get(id);
  if (figures) tileFor(id).update(figures, state.interval, campaign?.serviceLevelTarget, campaign?.timeZone);
});

function paintFigures(figures) {
  state.figures.set(figures.campaign, figures);
  if (figures.at) state.clockOffset = figures.at - Date.now();
  tileFor(figures.campaign);
  tiles.mark(figures.campaign);
}

function repaintAll() {
  for (const id of state.figures.keys()) tiles.mark(id);
}

function addAlert(alert) {
  const campaign = state.campaigns.get(alert.campaign);
  const item = document.createElement("li");
  item.className = `alert alert-${alert.level}`;
  const time = document.createElement("time");
  time.dateTime = new Date(alert.at).toISOString();
  time.textContent = formatTime(alert.at, campaign?.timeZone, true);
  const what = document.createElement("span");
  const metric = t(`metric.${alert.metric}`);
  const value = alert.value === null || alert.value === undefined ? "" : alert.metric === "serviceLevel"
    ? ` (${Math.round(alert.value)}%)` : ` (${formatDuration(alert.value)})`;
  what.textContent = alert.level === "ok"
    ? t("wallboard.alertRecovered", { campaign: campaign?.name ?? `#${alert.campaign}`, metric }) + value
    : t("wallboard.alertCrossed", { campaign: campaign?.name ?? `#${alert.campaign}`, metric }) + value;
  item.append(time, levelBadge(alert.level), what);
  $("alerts").prepend(item);
  while ($("alerts").children.length > 50) $("alerts").lastElementChild.remove();
  $("no-alerts").hidden = true;
}

/// Today, or a rolling window of 15, 30 or 60 minutes: the server sends the chosen window (the subscription names it).
function showInterval(which, minutes = state.window) {
  const windowChanged = minutes !== state.window;
  state.interval = which;
  state.window = minutes;
  localStorage.setItem("switchboard.wallboard.interval", which);
  localStorage.setItem("switchboard.wallboard.window", String(minutes));
  $("show-today").setAttribute("aria-pressed", String(which === "today"));
  for (const m of WINDOWS) $(`show-window-${m}`).setAttribute("aria-pressed", String(which === "window" && m === minutes));
  if (windowChanged) subscribeWallboard(); else repaintAll();
}

const wallboardHandlers = {
  snapshot(data) {
    for (const figures of data.campaigns ?? []) paintFigures(figures);
    state.grid?.applyRows(data.agents ?? []);
  },
  delta(data) {
    if (data.kind === "wallboard") {
      for (const figures of data.campaigns ?? []) paintFigures(figures);
      state.grid?.applyRows(data.agents ?? []);
    } else if (data.kind === "alert") addAlert(data);
  },
  error(error) { toast(errorText(error), "critical"); },
};

function subscribeWallboard() { live.subscribe("wallboard", wallboardHandlers, { window: state.window }); }

async function start() {
  // The texts, the user and the campaigns in one round trip's time, not three in a row (the first paint waits for all).
  const campaignsLoading = api("GET", "/api/campaigns").catch(() => null);
  const [, user] = await Promise.all([setUpTexts($("language")), requireUser(["supervisor", "admin"])]);
  if (!user) return;
  $("who").textContent = user.displayName;
  $("nav-admin").hidden = user.role !== "admin";
  wireLogout($("logout"), (error) => toast(errorText(error), "warning"));
  live.showStateIn($("live-indicator"));
  $("show-today").addEventListener("click", () => showInterval("today"));
  for (const m of WINDOWS) $(`show-window-${m}`).addEventListener("click", () => showInterval("window", m));
  for (const id of ["show-today", ...WINDOWS.map((m) => `show-window-${m}`)]) $(id).disabled = false;
  showInterval(state.interval);
  startTicking(document, () => state.clockOffset);

  const campaigns = await campaignsLoading ?? await api("GET", "/api/campaigns");
  for (const campaign of campaigns) state.campaigns.set(campaign.id, campaign);
  $("no-campaigns").hidden = campaigns.length > 0;
  const panel = new ActionPanel({ root: $("agent-panel"), spies: $("spies"), chats: $("chats"), screens: $("screens"),
    dialog: $("dialog"), campaigns: state.campaigns, toast, errorText });
  const grid = new AgentGrid({ table: $("agent-grid"), search: $("agent-search"), campaignFilter: $("agent-campaign"),
    stateFilter: $("agent-state"), campaigns: state.campaigns, onOpen: (agent) => panel.open(agent), errorText });
  panel.grid = grid;
  state.grid = grid;

  subscribeWallboard();
  // The waiting lists; the figures come from the wallboard topic alone (in the window this page chose).
  for (const campaign of campaigns) {
    tileFor(campaign.id);
    live.subscribe(`campaign:${campaign.id}`, {
      snapshot(data) { tileFor(campaign.id).setWaiting(data.waiting ?? []); },
      delta(data) {
        const tile = tileFor(campaign.id);
        if (data.kind === "queued") tile.addWaiting(data.entry);
        else if (data.kind === "dequeued") tile.removeWaiting(data.interaction);
      },
      error(error) { toast(errorText(error), "warning"); },
    });
  }
  await grid.load(campaigns);
}

start();
