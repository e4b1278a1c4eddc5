// Start GOV.UK Frontend's components. Built by `npm run build` into static/build/app.js.
//
// This file is loaded with <script type="module">, which only browsers that GOV.UK Frontend
// supports will run: adding `govuk-frontend-supported` here is the same switch as GOV.UK's
// inline snippet, without an inline script (so a strict Content Security Policy needs no nonce).
// Without that class, initAll() does nothing.
import { initAll } from "./govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

// The warning before the session times out (templates/includes/session_timeout.html). The server
// decides: this asks it how long is left before warning, and "Stay signed in" tells it of
// activity. Pressing Escape counts as staying signed in, as closing the warning any other way
// would leave the user to be signed out unwarned.
function startSessionTimeout(dialog) {
  const warning = Number(dialog.dataset.warningSeconds);
  const countdown = dialog.querySelector("[data-timeout-countdown]");
  const spoken = dialog.querySelector("[data-timeout-spoken]");
  const extend = dialog.querySelector("[data-timeout-extend]");
  let timer;
  let ticker;

  const inWords = (seconds) => {
    if (seconds >= 60) {
      const minutes = Math.ceil(seconds / 60);
      return `${minutes} minute${minutes === 1 ? "" : "s"}`;
    }
    return `${seconds} second${seconds === 1 ? "" : "s"}`;
  };

  const signedOut = () => window.location.assign(window.location.href);

  // Signed out already: the server answers 401, or sends the request on to the sign-in page.
  const answer = async (response) => {
    if (!response.ok || response.redirected) {
      signedOut();
      return;
    }
    const times = await response.json();
    schedule(times.idle_seconds_left, times.age_seconds_left);
  };

  const check = () =>
    fetch(dialog.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(answer)
      .catch(() => { timer = setTimeout(check, 10000); });

  const stay = () =>
    fetch(dialog.dataset.extendUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": dialog.dataset.csrfToken },
    })
      .then((response) => {
        if (dialog.open) dialog.close();
        return answer(response);
      })
      .catch(signedOut);

  const show = (secondsLeft, final) => {
    const deadline = Date.now() + secondsLeft * 1000;
    dialog.querySelector("[data-timeout-idle]").hidden = final;
    dialog.querySelector("[data-timeout-age]").hidden = !final;
    extend.hidden = final;
    let lastSpoken = "";
    const tick = () => {
      const left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
      countdown.textContent = inWords(left);
      // A screen reader hears the time each minute and at 30 seconds, not every second.
      const words = left > 60 || left === 30 || left === 0 ? inWords(left) : lastSpoken || inWords(left);
      if (words !== lastSpoken) {
        spoken.textContent = words;
        lastSpoken = words;
      }
      if (left === 0) {
        clearInterval(ticker);
        check();
      }
    };
    clearInterval(ticker);
    tick();
    ticker = setInterval(tick, 1000);
    if (!dialog.open) dialog.showModal();
  };

  const schedule = (idleLeft, ageLeft) => {
    clearTimeout(timer);
    clearInterval(ticker);
    const left = Math.min(idleLeft, ageLeft);
    if (left <= 0) {
      signedOut();
    } else if (left > warning) {
      if (dialog.open) dialog.close();
      timer = setTimeout(check, (left - warning) * 1000);
    } else {
      show(left, ageLeft <= idleLeft);
    }
  };

  extend.addEventListener("click", stay);
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    if (!extend.hidden) stay();
  });
  schedule(Number(dialog.dataset.idleSecondsLeft), Number(dialog.dataset.ageSecondsLeft));
}

const sessionTimeout = document.querySelector('[data-module="app-session-timeout"]');
if (sessionTimeout) startSessionTimeout(sessionTimeout);
