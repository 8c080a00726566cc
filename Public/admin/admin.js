// The administration (/admin, administrators only): providers, campaigns with their advanced settings and canned
// responses, members, users, the center's pause reasons and the TV kiosk links, all on the REST API. Sections are chosen by the URL's
// hash (#providers …), so a link or the back button opens the same one. Anyone else logged in is told the page is
// not theirs (and the API refuses them anyway).
import { setUpTexts } from "../js/i18n.js";
import { api, homeOf, requireUser, wireLogout } from "../js/session.js";
import { errorText, toast } from "./forms.js";
import { ProviderSection } from "./providers.js";
import { CampaignSection } from "./campaigns.js";
import { MemberSection } from "./members.js";
import { UserSection } from "./users.js";
import { PauseReasonSection } from "./reasons.js";
import { KioskSection } from "./kiosks.js";

const $ = (id) => document.getElementById(id);

/// What the sections share: the lists as the API last gave them, reloaded after a change, painted by every section.
export class AdminData {
  constructor() {
    this.providers = [];
    this.campaigns = [];
    this.users = [];
    this.listeners = [];
  }
  onChange(listener) { this.listeners.push(listener); }
  async reload(...which) {
    const all = which.length ? which : ["providers", "campaigns", "users"];
    await Promise.all(all.map(async (name) => { this[name] = await api("GET", `/api/${name}`); }));
    for (const listener of this.listeners) listener(all);
  }
  agents() { return this.users.filter((u) => u.role === "agent"); }
}

const SECTIONS = ["members", "providers", "campaigns", "users", "pause-reasons", "kiosks"];

function showSection() {
  const wanted = location.hash.slice(1);
  const name = SECTIONS.includes(wanted) ? wanted : "campaigns";
  for (const section of SECTIONS) $(`section-${section}`).hidden = section !== name;
  for (const link of document.querySelectorAll(".admin-sections a")) {
    if (link.dataset.section === name) link.setAttribute("aria-current", "page"); else link.removeAttribute("aria-current");
  }
}

async function start() {
  await setUpTexts($("language"));
  const user = await requireUser(null);
  if (!user) return;
  $("who").textContent = user.displayName;
  wireLogout($("logout"), (error) => toast(errorText(error), "warning"));
  if (user.role !== "admin") {
    $("refused-home").href = homeOf(user.role);
    $("refused").hidden = false;
    return;
  }
  const data = new AdminData();
  const sections = [
    new ProviderSection(data), new CampaignSection(data), new MemberSection(data), new UserSection(data, user),
    new PauseReasonSection(), new KioskSection(data),
  ];
  try {
    await Promise.all([data.reload(), ...sections.map((s) => s.load?.())]);
  } catch (error) {
    toast(errorText(error), "critical");
  }
  window.addEventListener("hashchange", showSection);
  showSection();
  $("admin").hidden = false;
  document.documentElement.dataset.ready = "true";
}

start();
