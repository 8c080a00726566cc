// The waiting notification (the bell, top right): how many interactions wait in the agent's campaigns, and the
// list — HeyNow number, campaign, waiting time ticking — where a click takes one. Also the auto-assign offers with
// their countdown (accept / decline). Times tick from the server's timestamps through one shared timer.
import { formatDuration, t } from "./link.js";
import { popover } from "./popover.js";

/// `hooks`: `take(entry)`, `accept(offer)`, `decline(offer)`, `campaignName(id)`.
export function setUpWaiting(hooks) {
  const button = document.getElementById("open-waiting");
  const panel = document.getElementById("waiting-panel");
  const list = document.getElementById("waiting-list");
  const empty = document.getElementById("waiting-empty");
  const count = document.getElementById("waiting-count");
  const offersList = document.getElementById("offers");
  const rows = new Map();     // interaction id → <li>
  const offerRows = new Map();

  const close = popover(button, panel, () => list.querySelector("button")?.focus());

  return {
    close,
    /// Repaints the list from the entries (oldest first), keeping rows that stay.
    paint(entries) {
      const keep = new Set(entries.map((e) => e.interaction));
      for (const [id, row] of rows) if (!keep.has(id)) { row.remove(); rows.delete(id); }
      let previous = null;
      for (const entry of entries) {
        let row = rows.get(entry.interaction);
        if (!row) {
          row = document.createElement("li");
          const take = document.createElement("button");
          take.type = "button";
          take.className = "inbox-waiting-entry";
          const number = document.createElement("strong");
          number.textContent = entry.customer;
          const campaign = document.createElement("span");
          campaign.textContent = hooks.campaignName(entry.campaign);
          const waited = document.createElement("time");
          waited.className = "inbox-ticking";
          waited.dataset.since = String(entry.enqueuedAt);
          const action = document.createElement("span");
          action.className = "inbox-take";
          action.textContent = t("inbox.waiting.take");
          take.append(number, campaign, waited, action);
          if (entry.requeued) {
            const back = document.createElement("span");
            back.className = "badge warning";
            back.textContent = t("inbox.waiting.requeued");
            take.append(back);
          }
          take.setAttribute("aria-label", t("inbox.waiting.takeLabel", { number: entry.customer, campaign: hooks.campaignName(entry.campaign) }));
          take.addEventListener("click", () => hooks.take(entry, take));
          row.append(take);
          rows.set(entry.interaction, row);
        }
        if (previous ? previous.nextSibling !== row : list.firstChild !== row) list.insertBefore(row, previous ? previous.nextSibling : list.firstChild);
        previous = row;
      }
      empty.hidden = entries.length > 0;
      count.textContent = String(entries.length);
      count.dataset.count = String(entries.length);
      button.setAttribute("aria-label", t("inbox.waiting.count", { n: entries.length }));
    },
    /// Repaints the offers (interactions auto-assign reserved for this agent).
    paintOffers(offers) {
      const keep = new Set(offers.map((o) => o.id));
      for (const [id, row] of offerRows) if (!keep.has(id)) { row.remove(); offerRows.delete(id); }
      for (const offer of offers) {
        if (offerRows.has(offer.id)) continue;
        const row = document.createElement("li");
        row.className = "inbox-offer";
        const text = document.createElement("p");
        text.textContent = t("inbox.offer.text", { number: offer.customer, campaign: hooks.campaignName(offer.campaign) });
        const left = document.createElement("time");
        left.className = "inbox-countdown";
        left.dataset.until = String(offer.reservedUntil ?? 0);
        const accept = document.createElement("button");
        accept.type = "button";
        accept.className = "button primary";
        accept.textContent = t("inbox.offer.accept");
        accept.addEventListener("click", () => hooks.accept(offer));
        const decline = document.createElement("button");
        decline.type = "button";
        decline.className = "button";
        decline.textContent = t("inbox.offer.decline");
        decline.addEventListener("click", () => hooks.decline(offer));
        row.append(text, left, accept, decline);
        offerRows.set(offer.id, row);
        offersList.append(row);
      }
    },
    /// Every second: waiting times and countdowns from the server's instants (never counted ticks).
    tick(now) {
      for (const el of document.querySelectorAll(".inbox-ticking[data-since]")) {
        el.textContent = formatDuration(Math.max(0, (now - Number(el.dataset.since)) / 1000));
      }
      for (const el of document.querySelectorAll(".inbox-countdown[data-until]")) {
        const left = Math.max(0, Math.ceil((Number(el.dataset.until) - now) / 1000));
        el.textContent = t("inbox.offer.left", { n: left });
      }
    },
  };
}
