// The login page: POST /api/login (never the password in the URL), then the page the user came for (`?next=`, a
// path of this site only) or their role's page.
import { setUpTexts, t } from "../js/i18n.js";
import { api, homeOf } from "../js/session.js";

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);

/// `next` only when it is a path on this site (never another origin, never `//host`).
function safeNext() {
  const next = params.get("next");
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/login") ? next : null;
}

/// The refusal of a throttled attempt: a short wait in seconds, a lockout in minutes (the same for every username).
function throttled(seconds) {
  if (!seconds) return t("login.throttled");
  return seconds > 60 ? t("login.lockedOut", { minutes: Math.ceil(seconds / 60) }) : t("login.wait", { seconds });
}

async function start() {
  // Wired before anything is awaited: a quick user's submit never goes out as a plain form post.
  $("login-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const username = $("username").value.trim(), password = $("password").value;
    $("login-error").textContent = "";
    if (!username || !password) {
      $("login-error").textContent = t("login.missing");
      (username ? $("password") : $("username")).focus();
      return;
    }
    const submit = event.submitter ?? $("login-form").querySelector("button");
    submit.disabled = true;
    try {
      const answer = await api("POST", "/api/login", { username, password });
      location.assign(safeNext() ?? homeOf(answer.user.role));
    } catch (error) {
      $("login-error").textContent = error.status === 401 ? t("login.wrong")
        : error.status === 429 ? throttled(error.retryAfter) : t("login.failed");
      $("password").select();
      submit.disabled = false;
    }
  });
  $("username").focus();
  await setUpTexts($("language"));
  if (params.has("expired")) {
    $("login-notice").textContent = t("login.expired");
    $("login-notice").hidden = false;
  }
}

start();
