// Start GOV.UK Frontend's components. Built by `npm run build` into static/build/app.js.
//
// This file is loaded with <script type="module">, which only browsers that GOV.UK Frontend
// supports will run: adding `govuk-frontend-supported` here is the same switch as GOV.UK's
// inline snippet, without an inline script (so a strict Content Security Policy needs no nonce).
// Without that class, initAll() does nothing.
import { initAll } from "./govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
