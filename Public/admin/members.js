// Members ("Members", top left, as the seed): the agents of one campaign and the other agents, one search over
// both, Add and Remove applied at once (the live campaign follows, so a removed agent takes nothing more from it).
import { t } from "../js/i18n.js";
import { api } from "../js/session.js";
import { el, errorText } from "./forms.js";

const $ = (id) => document.getElementById(id);

export class MemberSection {
  constructor(data) {
    this.data = data;
    data.onChange(() => this.paint());
    $("members-campaign").addEventListener("change", () => this.paint());
    $("members-search").addEventListener("input", () => this.paint());
  }

  campaign() { return this.data.campaigns.find((c) => String(c.id) === $("members-campaign").value); }

  paintCampaigns() {
    const select = $("members-campaign");
    const current = select.value;
    select.replaceChildren(...this.data.campaigns.map((c) => { const o = el("option", null, c.name); o.value = String(c.id); return o; }));
    if ([...select.options].some((o) => o.value === current)) select.value = current;
    $("members-none").hidden = this.data.campaigns.length > 0;
    $("members-columns").hidden = this.data.campaigns.length === 0;
  }

  paint() {
    this.paintCampaigns();
    const campaign = this.campaign();
    const query = $("members-search").value.trim().toLowerCase();
    const matches = (u) => !query || u.displayName.toLowerCase().includes(query) || u.username.toLowerCase().includes(query);
    const ids = new Set(campaign?.members ?? []);
    const agents = this.data.agents();
    const inside = agents.filter((u) => ids.has(u.id)), outside = agents.filter((u) => !ids.has(u.id));
    $("members-in-count").textContent = String(inside.length);
    $("members-out-count").textContent = String(outside.length);
    const row = (user, member) => {
      const li = el("li", "member-row");
      const who = el("span", "member-name", user.displayName);
      who.append(el("span", "muted member-username", ` @${user.username}`));
      const button = el("button", `button small ${member ? "danger" : "primary"}`, member ? t("admin.members.remove") : t("admin.members.add"));
      button.type = "button";
      button.setAttribute("aria-label", t(member ? "admin.members.removeName" : "admin.members.addName", { name: user.displayName }));
      button.addEventListener("click", () => this.change(campaign, user, member, button));
      li.append(who, button);
      return li;
    };
    const shownIn = inside.filter(matches), shownOut = outside.filter(matches);
    $("members-in").replaceChildren(...shownIn.map((u) => row(u, true)));
    $("members-out").replaceChildren(...shownOut.map((u) => row(u, false)));
    $("members-in-empty").hidden = shownIn.length > 0;
    $("members-out-empty").hidden = shownOut.length > 0;
    $("members-in-empty").textContent = query && inside.length ? t("admin.members.noMatch") : t("admin.members.inEmpty");
    $("members-out-empty").textContent = query && outside.length ? t("admin.members.noMatch") : t("admin.members.outEmpty");
  }

  async change(campaign, user, member, button) {
    button.disabled = true;
    $("members-error").hidden = true;
    try {
      if (member) await api("DELETE", `/api/campaigns/${campaign.id}/members/${user.id}`);
      else await api("POST", `/api/campaigns/${campaign.id}/members`, { agentId: user.id });
      await this.data.reload("campaigns");
    } catch (error) {
      $("members-error").textContent = Object.values(error.fields ?? {}).join(" ") || errorText(error);
      $("members-error").hidden = false;
      button.disabled = false;
    }
  }
}
