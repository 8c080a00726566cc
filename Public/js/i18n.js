// Texts and formats shared by every page. Every visible text lives in /i18n/<language>.json under a key
// (`common.`, `inbox.`, `wallboard.`, `login.`, ...); elements name theirs in `data-i18n` (text),
// `data-i18n-placeholder` and `data-i18n-aria-label`. Call `setUpTexts(select)` once at start; the choice is kept
// in localStorage. Durations are m:ss or h:mm:ss, an empty figure is "—", times follow a campaign's time zone.

const languages = {};
const loading = {};
let language = "en";

/// Loads a language's texts once: a second caller (English as the fallback of English) waits for the same request.
function loadLanguage(code) {
  loading[code] ??= fetch(`/i18n/${code}.json`, { credentials: "same-origin" })
    .then((response) => (response.ok ? response.json() : {}), () => ({}))
    .then((texts) => { languages[code] = texts; });
  return loading[code];
}

/// The text of `key` in the page's language, `{name}` replaced from `params`; `fallback` (or the key) when missing.
export function t(key, params = {}, fallback) {
  const text = languages[language]?.[key] ?? languages.en?.[key] ?? fallback ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? ""));
}

/// A duration in seconds as m:ss or h:mm:ss; "—" for null.
export function formatDuration(seconds) {
  if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return "—";
  const s = Math.floor(seconds), h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  const two = (n) => String(n).padStart(2, "0");
  return h > 0 ? `${h}:${two(m)}:${two(r)}` : `${m}:${two(r)}`;
}

/// Applies the texts to `data-i18n` (text), `data-i18n-placeholder` and `data-i18n-aria-label` elements.
export function applyTexts(root = document) {
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n, {}, el.textContent);
  for (const el of root.querySelectorAll("[data-i18n-placeholder]")) el.placeholder = t(el.dataset.i18nPlaceholder, {}, el.placeholder);
  for (const el of root.querySelectorAll("[data-i18n-aria-label]")) el.setAttribute("aria-label", t(el.dataset.i18nAriaLabel));
}

/// Loads the stored language (or the browser's) and wires the language switch.
export async function setUpTexts(select) {
  const stored = localStorage.getItem("switchboard.language");
  language = stored || (navigator.language?.startsWith("es") ? "es" : "en");
  await Promise.all([loadLanguage("en"), loadLanguage(language)]);
  document.documentElement.lang = language;
  applyTexts();
  if (select) {
    select.value = language;
    select.addEventListener("change", async () => {
      localStorage.setItem("switchboard.language", select.value);
      location.reload();   // every painted text and format follows the new language
    });
  }
}

/// The page's language ("en" or "es").
export function currentLanguage() { return language; }

/// A clock time (hh:mm[:ss]) of `ms` in the IANA `timeZone` (the browser's when absent).
export function formatTime(ms, timeZone, withSeconds = false) {
  if (ms === null || ms === undefined) return "—";
  const options = { hour: "2-digit", minute: "2-digit", ...(withSeconds ? { second: "2-digit" } : {}) };
  try {
    return new Intl.DateTimeFormat(language, { ...options, timeZone: timeZone || undefined }).format(ms);
  } catch {
    return new Intl.DateTimeFormat(language, options).format(ms);   // an unknown zone name: the browser's
  }
}

/// A date and time in the page's language ("7 Dec 2026, 10:42"); "—" for null.
export function formatDateTime(ms) {
  if (ms === null || ms === undefined) return "—";
  return new Intl.DateTimeFormat(language, { dateStyle: "medium", timeStyle: "short" }).format(ms);
}

/// A ratio 0…1 as a whole percentage; "—" for null.
export function formatPercent(ratio) {
  return ratio === null || ratio === undefined || Number.isNaN(ratio) ? "—" : `${Math.round(ratio * 100)}%`;
}
