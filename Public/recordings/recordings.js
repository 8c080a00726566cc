// Recordings: the search form (the seed's fields plus state, address and words in the messages), the results
// table with paging and sorting by any column, the CSV export of the search, and one conversation's transcript.
// The address bar holds the whole query (query.js): a search is a bookmark, Back returns to the previous one.
import { formatDuration, setUpTexts, t } from "../js/i18n.js";
import { api, clearProblems, homeOf, searchProblems, wireLogout } from "../js/session.js";
import { DEFAULT_PAGE_SIZE, DEFAULT_SORT, FILTERS, queryString, readQuery } from "./query.js";
import { formatDateTime, showTranscript } from "./transcript.js";

const $ = (id) => document.getElementById(id);
const form = $("search");
let current = {};     // the query on screen
let searchSeq = 0;    // a slower older answer never paints over a newer one

/// Puts `query`'s filters into the form.
function fillForm(query) {
  for (const name of FILTERS) {
    const field = form.elements[name];
    if (field) field.value = query[name] ?? "";
  }
  $("page-size").value = String(query.pageSize ?? DEFAULT_PAGE_SIZE);
}

/// The form's filters as a query (first page, current sort).
function formQuery() {
  const query = {};
  for (const name of FILTERS) {
    const value = form.elements[name]?.value.trim();
    if (value) query[name] = value;
  }
  if (current.sort) query.sort = current.sort;
  if (current.order) query.order = current.order;
  if (current.pageSize) query.pageSize = current.pageSize;
  return query;
}

/// Moves to `query` (a new history entry) and shows it.
function go(query) {
  const address = `/recordings/${queryString(query)}`;
  if (address !== location.pathname + location.search) history.pushState(null, "", address);
  show(query);
}

function paintSort(query) {
  const sort = query.sort ?? DEFAULT_SORT;
  const order = query.order ?? "desc";
  for (const th of document.querySelectorAll("#results th[data-column]")) {
    th.setAttribute("aria-sort", th.dataset.column === sort ? (order === "asc" ? "ascending" : "descending") : "none");
  }
}

function cell(row, text, className) {
  const td = document.createElement("td");
  if (className) td.className = className;
  td.textContent = text;
  row.append(td);
  return td;
}

async function search(query) {
  const seq = ++searchSeq;
  $("search-error").textContent = "";
  $("summary").textContent = t("rec.searching");
  $("results").setAttribute("aria-busy", "true");
  let page;
  try {
    page = await api("GET", `/api/recordings${queryString(query, { forApi: true })}`);
  } catch (error) {
    if (seq !== searchSeq) return;
    $("results").removeAttribute("aria-busy");
    $("summary").textContent = "";
    $("search-error").textContent = error.status === 422 ? t("rec.badSearch", { message: searchProblems(form, error) })
      : (error.message || t("error.internal"));
    return;
  }
  if (seq !== searchSeq) return;
  clearProblems(form);
  const body = $("results").tBodies[0];
  const rows = page.items.map((item) => {
    const row = document.createElement("tr");
    row.dataset.id = item.id;
    cell(row, formatDateTime(item.date));
    const numberCell = cell(row, "");
    const link = document.createElement("a");
    link.href = `/recordings/${queryString({ ...query, open: String(item.id) })}`;
    link.textContent = item.number;
    link.className = "rec-number";
    link.setAttribute("aria-label", t("rec.open", { number: item.number, date: formatDateTime(item.date) }));
    numberCell.append(link);
    cell(row, item.campaignName);
    cell(row, item.agentName ?? "—");
    cell(row, t(`rec.address.${item.address}`));
    const state = cell(row, "");
    const badge = document.createElement("span");
    badge.className = `badge rec-state state-${item.state}`;
    badge.textContent = t(`rec.state.${item.state}`);
    state.append(badge);
    cell(row, item.durationMs === null || item.durationMs === undefined ? "—" : formatDuration(item.durationMs / 1000), "num");
    cell(row, String(item.messageCount), "num");
    return row;
  });
  body.replaceChildren(...rows);
  $("results").removeAttribute("aria-busy");
  const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
  $("no-results").hidden = page.total > 0;
  $("summary").textContent = t(page.total === 1 ? "rec.count.one" : "rec.count", { count: page.total.toLocaleString(document.documentElement.lang) });
  $("page-of").textContent = t("rec.pageOf", { page: page.page, pages });
  $("prev").disabled = page.page <= 1;
  $("next").disabled = page.page >= pages;
  performance.mark("recordings:first-page");
}

/// Shows `query`: the transcript when it names one (`open`), else the search and its results.
async function show(query) {
  current = query;
  fillForm(query);
  paintSort(query);
  $("export").href = `/api/recordings.csv${queryString(query, { forApi: true })}`;
  const back = { ...query };
  delete back.open;
  $("back").href = `/recordings/${queryString(back)}`;
  if (query.open) {
    $("search-view").hidden = true;
    $("transcript-view").hidden = false;
    await showTranscript(query.open);
    $("back").focus();
  } else {
    document.title = t("rec.title");
    $("transcript-view").hidden = true;
    $("search-view").hidden = false;
    await search(query);
  }
}

function wire() {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    go(formQuery());
  });
  $("clear").addEventListener("click", () => {
    form.reset();
    go({});
  });
  for (const button of document.querySelectorAll("#results th button[data-sort]")) {
    button.addEventListener("click", () => {
      const column = button.dataset.sort;
      const sort = current.sort ?? DEFAULT_SORT;
      const order = current.order ?? "desc";
      // A new column starts ascending (dates newest first); the same column flips.
      const next = column === sort ? (order === "asc" ? "desc" : "asc") : (column === "date" ? "desc" : "asc");
      go({ ...current, open: undefined, page: undefined, sort: column, order: next });
    });
  }
  $("prev").addEventListener("click", () => go({ ...current, page: String(Math.max(1, Number(current.page ?? 1) - 1)) }));
  $("next").addEventListener("click", () => go({ ...current, page: String(Number(current.page ?? 1) + 1) }));
  $("page-size").addEventListener("change", () => go({ ...current, page: undefined, pageSize: $("page-size").value }));
  $("print").addEventListener("click", () => window.print());
  // Opening a transcript from the table or going back stays in the page (same document, history entries).
  document.addEventListener("click", (event) => {
    const link = event.target.closest("a.rec-number, a#back");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    const url = new URL(link.href);
    history.pushState(null, "", url.pathname + url.search);
    show(readQuery(url.search));
  });
  window.addEventListener("popstate", () => show(readQuery()));
}

async function fillChoices(user) {
  const campaigns = await api("GET", "/api/campaigns");
  const select = $("f-campaign");
  for (const campaign of [...campaigns].sort((a, b) => a.name.localeCompare(b.name))) {
    select.append(new Option(campaign.name, String(campaign.id)));
  }
  // Each list takes the URL's choice as soon as it has its options, and never again: a choice the user makes while
  // the other list still loads stays.
  select.value = current.campaign ?? "";
  const agents = new Map();
  if (user.role === "admin") {
    for (const person of await api("GET", "/api/users")) if (person.role === "agent") agents.set(person.id, person.displayName);
  } else {
    const lists = await Promise.all(campaigns.map((c) => api("GET", `/api/campaigns/${c.id}/members`).catch(() => [])));
    for (const person of lists.flat()) agents.set(person.id, person.displayName);
  }
  const agentSelect = $("f-agent");
  for (const [id, name] of [...agents].sort((a, b) => a[1].localeCompare(b[1]))) agentSelect.append(new Option(name, String(id)));
  agentSelect.value = current.agent ?? "";
}

async function start() {
  // The texts and the user at once, not one after the other (the first page waits for both).
  const me = api("GET", "/api/me");
  me.catch(() => {});   // handled below, after the texts
  await setUpTexts($("language"));
  wireLogout($("logout"));
  let user;
  try {
    user = await me;
  } catch (error) {
    if (error.status === 401) {
      location.assign(`/login/?next=${encodeURIComponent(location.pathname + location.search)}&expired=1`);
      return;
    }
    throw error;
  }
  $("who").textContent = user.displayName;
  $("nav-admin").hidden = user.role !== "admin";
  if (user.role !== "admin" && user.role !== "supervisor") {
    // An agent: the page says so (and the API refuses it anyway).
    $("refused").hidden = false;
    $("refused-home").href = homeOf(user.role);
    return;
  }
  wire();
  const query = readQuery();
  // The first page does not wait for the form's choices: both go out at once.
  await Promise.all([show(query), fillChoices(user)]);
}

start();
