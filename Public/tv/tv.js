// TV mode: the wallboard's tiles, read-only, for a wall screen. Campaigns that do not fit rotate in groups every
// 15 s; a critical crossing blinks its tile and, when sound is switched on (one click, off by default), beeps.
// Opened by a kiosk link (`/tv/#kiosk=<token>`, made in the administration), the token becomes the kiosk's cookie and
// leaves the address bar; the page then needs no login, and says so in words when the link is revoked.
import { formatTime, setUpTexts, t } from "../js/i18n.js";
import { live } from "../js/live.js";
import { api, requireUser } from "../js/session.js";
import { CampaignTile, startTicking } from "../wallboard/tiles.js";

const $ = (id) => document.getElementById(id);
const tiles = new Map();
const campaigns = new Map();
let offset = 0, sound = false, page = 0;

function tile(id) {
  let entry = tiles.get(id);
  if (!entry) {
    entry = new CampaignTile(id, { withTrend: false });
    tiles.set(id, entry);
    $("tiles").append(entry.root);
  }
  return entry;
}

function beep() {
  if (!sound) return;
  const context = new AudioContext();
  const oscillator = context.createOscillator();
  oscillator.frequency.value = 880;
  oscillator.connect(context.destination);
  oscillator.start();
  oscillator.stop(context.currentTime + 0.25);
}

/// Shows the group of tiles that fits the screen; rotates when they do not all fit.
function layout() {
  const all = [...tiles.values()];
  for (const entry of all) entry.root.hidden = false;
  const available = window.innerHeight - $("tiles").getBoundingClientRect().top - 40;
  const first = all[0]?.root.getBoundingClientRect();
  if (!first || first.height === 0) return;
  const perRow = Math.max(1, Math.round($("tiles").clientWidth / (first.width + 16)));
  const rows = Math.max(1, Math.floor(available / (first.height + 16)));
  const perPage = perRow * rows;
  const pages = Math.ceil(all.length / perPage);
  page = pages ? page % pages : 0;
  all.forEach((entry, index) => { entry.root.hidden = Math.floor(index / perPage) !== page; });
  $("tv-page").textContent = pages > 1 ? t("tv.page", { page: page + 1, pages }) : "";
}

function notice(text) {
  $("tv-notice").textContent = text;
  $("tv-notice").hidden = false;
  $("tiles").hidden = true;
}

/// Turns a kiosk link's token (in the fragment, which no server log or Referer sees) into the kiosk's cookie.
async function openKiosk() {
  const match = /^#kiosk=([A-Za-z0-9_-]{16,128})$/.exec(location.hash);
  if (!match) return true;
  history.replaceState(null, "", location.pathname);
  try {
    await api("POST", "/api/kiosk/session", { token: match[1] });
    return true;
  } catch {
    notice(t("tv.kiosk.invalid"));
    return false;
  }
}

async function start() {
  await setUpTexts();
  if (!await openKiosk()) return;
  const user = await requireUser(["supervisor", "admin", "kiosk"]);
  if (!user) return;
  if (user.role === "kiosk") live.onClose((code) => { if (code === 1008 || code === 4001) notice(t("tv.kiosk.ended")); });
  live.showStateIn($("live-indicator"));
  startTicking(document, () => offset);
  const tick = () => { $("tv-clock").textContent = formatTime(Date.now(), undefined, false); };
  tick();   // the clock shows at once, not a second after the page
  setInterval(tick, 1000);
  $("sound").addEventListener("click", () => {
    sound = !sound;
    $("sound").setAttribute("aria-pressed", String(sound));
    $("sound").textContent = t(sound ? "tv.soundOn" : "tv.soundOff");
    if (sound) beep();
  });
  for (const campaign of await api("GET", "/api/campaigns")) {
    campaigns.set(campaign.id, campaign);
    tile(campaign.id);
  }
  $("no-campaigns").hidden = campaigns.size > 0;
  live.subscribe("wallboard", {
    snapshot(data) { for (const f of data.campaigns ?? []) paint(f); layout(); },
    delta(data) {
      if (data.kind === "wallboard") for (const f of data.campaigns ?? []) paint(f);
      else if (data.kind === "alert" && data.level === "critical") {
        const entry = tiles.get(data.campaign);
        entry?.root.classList.remove("blink");
        void entry?.root.offsetWidth;
        entry?.root.classList.add("blink");
        beep();
      }
    },
  });
  window.addEventListener("resize", layout);
  setInterval(() => { page += 1; layout(); }, 15_000);
}

function paint(figures) {
  if (figures.at) offset = figures.at - Date.now();
  tile(figures.campaign).update(figures, "today", campaigns.get(figures.campaign)?.serviceLevelTarget);
}

start();
