// The center's pause reasons: one list, one per line, saved whole.
import { t } from "../js/i18n.js";
import { api } from "../js/session.js";
import { clearErrors, lines, saving, showError, toast } from "./forms.js";

const $ = (id) => document.getElementById(id);

export class PauseReasonSection {
  constructor() {
    this.form = $("reasons-form");
    this.form.addEventListener("submit", (event) => { event.preventDefault(); this.save(); });
  }

  async load() {
    const { pauseReasons } = await api("GET", "/api/pause-reasons");
    $("reasons-text").value = pauseReasons.join("\n");
  }

  async save() {
    clearErrors(this.form);
    try {
      const { pauseReasons } = await saving($("reasons-save"), $("reasons-state"),
        () => api("PUT", "/api/pause-reasons", { pauseReasons: lines($("reasons-text").value) }));
      $("reasons-text").value = pauseReasons.join("\n");
      toast(t("admin.reasons.saved"));
    } catch (error) {
      showError(this.form, error, (path) => path.includes(".") ? t("admin.lineN", { n: Number(path.split(".")[1]) + 1 }) : "");
    }
  }
}
