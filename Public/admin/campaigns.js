// Campaigns (Administrator / Campaigns / HeyNow): the basic configuration (name, provider, number), the advanced
// one collapsed with its defaults and a short explanation each (maximum per agent, thresholds, service level,
// short abandon, maximum queue time, auto-assign and its offer time, time zone, dispositions, canned responses,
// enabled), the list of campaigns on the right, Delete with confirmation (refused once it has recordings: the API
// says to disable it instead, so its history stays).
import { t } from "../js/i18n.js";
import { api } from "../js/session.js";
import { CannedEditor } from "./canned.js";
import { TemplateSection } from "./templates.js";
import { clearErrors, confirmDialog, el, integerValue, lines, pickItem, saving, showError, toast } from "./forms.js";

const $ = (id) => document.getElementById(id);
const INTEGERS = ["maxInteractionsPerAgent", "serviceLevelSeconds", "serviceLevelTarget", "shortAbandonSeconds", "maxQueueSeconds",
  "reservationSeconds"];
const THRESHOLDS = ["longestWaitWarning", "longestWaitCritical", "asaWarning", "asaCritical", "ahtWarning", "ahtCritical",
  "firstResponseWarning", "firstResponseCritical", "serviceLevelFloor"];
const ZONES = ["UTC", "America/Montevideo", "America/Argentina/Buenos_Aires", "America/Sao_Paulo", "America/Santiago",
  "America/Bogota", "America/Lima", "America/Mexico_City", "America/New_York", "America/Los_Angeles", "Europe/Madrid",
  "Europe/London"];

export class CampaignSection {
  constructor(data) {
    this.data = data;
    this.form = $("campaign-form");
    this.selected = null;
    this.canned = new CannedEditor();
    this.templates = new TemplateSection();
    $("time-zones").replaceChildren(...ZONES.map((z) => { const o = el("option"); o.value = z; return o; }));
    data.onChange(() => { this.paintProviders(); this.paintList(); });
    $("campaign-provider").addEventListener("change", () => this.paintNumbers());
    this.form.addEventListener("submit", (event) => { event.preventDefault(); this.save(); });
    $("campaign-new").addEventListener("click", () => this.edit(null));
    $("campaign-delete").addEventListener("click", () => this.remove());
    this.edit(null);
  }

  paintProviders() {
    const select = $("campaign-provider");
    const current = select.value;
    const placeholder = el("option", null, t("admin.campaign.pickProvider"));
    placeholder.value = "";
    select.replaceChildren(placeholder, ...this.data.providers.map((p) => {
      const o = el("option", null, `${p.name} (${p.kind === "cloud" ? t("admin.provider.cloud") : t("admin.provider.classic")})`);
      o.value = String(p.id);
      return o;
    }));
    select.value = current;
    this.paintNumbers();
  }

  /// The chosen provider's numbers; one another campaign answers is marked (the API refuses it too).
  paintNumbers(wanted) {
    const select = $("campaign-number");
    const keep = wanted ?? select.value;
    const provider = this.data.providers.find((p) => String(p.id) === $("campaign-provider").value);
    const taken = new Map(this.data.campaigns.filter((c) => c.id !== this.selected?.id && c.providerId === provider?.id)
      .map((c) => [c.number, c.name]));
    select.replaceChildren(...(provider?.numbers ?? []).map((n) => {
      const o = el("option", null, taken.has(n) ? `${n} — ${t("admin.campaign.numberTaken", { name: taken.get(n) })}` : n);
      o.value = n;
      return o;
    }));
    if (keep && [...select.options].some((o) => o.value === keep)) select.value = keep;
    else { const free = [...select.options].find((o) => !taken.has(o.value)); if (free) select.value = free.value; }
  }

  edit(campaign) {
    this.selected = campaign;
    clearErrors(this.form);
    const f = this.form.elements;
    $("campaign-form-title").textContent = campaign ? t("admin.campaign.edit", { name: campaign.name }) : t("admin.campaign.new");
    f.name.value = campaign?.name ?? "";
    this.paintProviders();
    $("campaign-provider").value = campaign ? String(campaign.providerId) : (this.data.providers.length === 1 ? String(this.data.providers[0].id) : "");
    this.paintNumbers(campaign?.number);
    f.enabled.checked = campaign?.enabled ?? true;
    f.autoAssign.checked = campaign?.autoAssign ?? false;
    for (const name of INTEGERS) f[name].value = campaign?.[name] ?? "";
    for (const name of THRESHOLDS) f[`thresholds.${name}`].value = campaign?.thresholds?.[name] ?? "";
    f.timeZone.value = campaign?.timeZone ?? "";
    f.dispositions.value = (campaign?.dispositions ?? []).join("\n");
    this.canned.set(campaign?.cannedResponses ?? []);
    $("campaign-delete").hidden = !campaign;
    $("campaign-advanced").open = false;
    this.templates.show(campaign);
    this.paintList();
  }

  /// The body: basic fields, and the advanced ones that are filled in (an empty one takes the default on create
  /// and keeps its value on an edit; thresholds and lists are sent whole).
  body() {
    const f = this.form.elements;
    const body = { name: f.name.value, enabled: f.enabled.checked, autoAssign: f.autoAssign.checked };
    const provider = $("campaign-provider").value;
    if (provider) body.providerId = Number(provider);
    if (f.number.value) body.number = f.number.value;
    for (const name of INTEGERS) { const v = integerValue(f[name]); if (v !== null) body[name] = v; }
    const thresholds = {};
    for (const name of THRESHOLDS) { const v = integerValue(f[`thresholds.${name}`]); if (v !== null) thresholds[name] = v; }
    body.thresholds = thresholds;
    if (f.timeZone.value.trim()) body.timeZone = f.timeZone.value.trim();
    body.dispositions = lines(f.dispositions.value);
    body.cannedResponses = this.canned.value();
    return body;
  }

  async save() {
    clearErrors(this.form);
    const body = this.body();
    try {
      const saved = await saving($("campaign-save"), $("campaign-state"), () => this.selected
        ? api("PUT", `/api/campaigns/${this.selected.id}`, body)
        : api("POST", "/api/campaigns", body));
      await this.data.reload("campaigns");
      this.edit(saved);
      toast(t("admin.campaign.saved", { name: saved.name }));
    } catch (error) {
      // A type the API could not decode (text in a number field) comes back as 400 without fields.
      showError(this.form, error, (path) => {
        const m = path.match(/^(dispositions|cannedResponses)\.(\d+)/);
        return m ? t("admin.lineN", { n: Number(m[2]) + 1 }) : "";
      });
    }
  }

  remove() {
    const c = this.selected;
    confirmDialog({
      title: t("admin.campaign.deleteTitle", { name: c.name }),
      text: t("admin.campaign.deleteText"),
      ok: t("admin.delete"),
      action: async () => {
        await api("DELETE", `/api/campaigns/${c.id}`);
        await this.data.reload("campaigns", "users");
        this.edit(null);
        toast(t("admin.campaign.deleted", { name: c.name }));
      },
    });
  }

  paintList() {
    const campaigns = this.data.campaigns;
    $("campaign-empty").hidden = campaigns.length > 0;
    $("campaign-list").replaceChildren(...campaigns.map((c) => {
      const provider = this.data.providers.find((p) => p.id === c.providerId);
      const state = el("span", `badge ${c.enabled ? "level-ok" : ""}`, c.enabled ? t("admin.campaign.on") : t("admin.campaign.off"));
      const detail = `${c.number} · ${provider?.name ?? "—"} · ${t("admin.campaign.memberCount", { count: c.members.length })}`;
      return pickItem(c.name, detail, this.selected?.id === c.id, () => this.edit(c), [state]);
    }));
  }
}
