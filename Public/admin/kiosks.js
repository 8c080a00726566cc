// TV kiosk links: a name and the campaigns it shows; Create answers the link once (the server keeps only its hash),
// to copy and open on the TV. The list shows every link with its state; Revoke (confirmed) closes its open wallboards.
import { formatDateTime, t } from "../js/i18n.js";
import { api } from "../js/session.js";
import { campaignChecks, checkedCampaigns, clearErrors, confirmDialog, copy, el, saving, showError, toast } from "./forms.js";

const $ = (id) => document.getElementById(id);

export class KioskSection {
  constructor(data) {
    this.data = data;
    this.links = [];
    this.form = $("kiosk-form");
    data.onChange(() => { this.paintCampaigns(); this.paintList(); });
    this.form.addEventListener("submit", (event) => { event.preventDefault(); this.create(); });
    $("kiosk-copy").addEventListener("click", () => copy($("kiosk-url").textContent, $("kiosk-copy")));
  }

  async load() {
    this.links = await api("GET", "/api/kiosk-links");
    this.paintList();
  }

  paintCampaigns() {
    campaignChecks($("kiosk-campaigns"), this.data.campaigns, new Set(checkedCampaigns($("kiosk-campaigns"))));
    $("kiosk-campaigns-empty").hidden = this.data.campaigns.length > 0;
  }

  async create() {
    clearErrors(this.form);
    $("kiosk-created").hidden = true;
    const campaigns = checkedCampaigns($("kiosk-campaigns"));
    try {
      const created = await saving($("kiosk-save"), $("kiosk-state"),
        () => api("POST", "/api/kiosk-links", { name: this.form.elements.name.value, campaigns }));
      $("kiosk-url").textContent = new URL(created.path, location.origin).href;
      $("kiosk-created").hidden = false;
      this.form.elements.name.value = "";
      for (const box of $("kiosk-campaigns").querySelectorAll("input")) box.checked = false;
      await this.load();
      toast(t("admin.kiosk.created", { name: created.link.name }));
    } catch (error) {
      showError(this.form, error);
    }
  }

  revoke(link) {
    confirmDialog({
      title: t("admin.kiosk.revokeTitle", { name: link.name }),
      text: t("admin.kiosk.revokeText"),
      ok: t("admin.kiosk.revoke"),
      action: async () => {
        await api("DELETE", `/api/kiosk-links/${link.id}`);
        await this.load();
        toast(t("admin.kiosk.revoked", { name: link.name }));
      },
    });
  }

  paintList() {
    $("kiosk-list-empty").hidden = this.links.length > 0;
    $("kiosk-list").replaceChildren(...this.links.map((link) => {
      const li = el("li", `kiosk-item${link.revokedAt ? " revoked" : ""}`);
      const head = el("span", "pick-title", link.name);
      head.append(" ", el("span", `badge ${link.revokedAt ? "level-critical" : "level-ok"}`,
        t(link.revokedAt ? "admin.kiosk.stateRevoked" : "admin.kiosk.stateActive")));
      const names = link.campaigns.map((id) => this.data.campaigns.find((c) => c.id === id)?.name ?? `#${id}`);
      const when = link.revokedAt
        ? t("admin.kiosk.revokedAt", { time: formatDateTime(link.revokedAt) })
        : t("admin.kiosk.createdAt", { time: formatDateTime(link.createdAt) });
      li.append(head, el("span", "pick-detail muted", `${names.join(", ")} · ${when}`));
      if (!link.revokedAt) {
        const button = el("button", "button small danger", t("admin.kiosk.revoke"));
        button.type = "button";
        button.setAttribute("aria-label", t("admin.kiosk.revokeNamed", { name: link.name }));
        button.addEventListener("click", () => this.revoke(link));
        li.append(button);
      }
      return li;
    }));
  }
}
