// Definitions: every figure's meaning (../shared/METRICS.md in the product's words), in the chosen language.
// Public to anyone logged in or not: it is documentation, no data.
import { setUpTexts } from "../js/i18n.js";

setUpTexts(document.getElementById("language"));
