// The inbox's one link to the shared modules: every inbox module imports texts, the REST helper and the live client
// from here; the shared pieces live in /js/ (used by every page), only the inbox's own gate stays here.
import { requireUser } from "../js/session.js";

export { applyTexts, formatDuration, setUpTexts, t } from "../js/i18n.js";
export { api } from "../js/session.js";
export { live } from "../js/live.js";

/// The logged-in agent, or null after sending the browser to the login page (or another role to its own page).
export async function currentUser() {
  return requireUser(["agent"]);
}
