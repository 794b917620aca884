// Countdown for today's card block.
//
// The server renders when the block ends and its own clock; the countdown is
// corrected for the browser's clock skew and keeps nothing in the browser, so
// it is right after a reload. When it reaches zero it simply says time is up:
// writing on is fine, and nothing is recorded about it.
(function () {
  "use strict";

  function pad(n) {
    return String(n).padStart(2, "0");
  }

  function tick() {
    document.querySelectorAll("[data-card-time-ends]").forEach(function (el) {
      var ends = Date.parse(el.dataset.cardTimeEnds);
      var serverNow = Date.parse(el.dataset.serverNow || "");
      if (Number.isNaN(ends)) {
        return;
      }
      if (el.dataset.offset === undefined) {
        el.dataset.offset = String(Number.isNaN(serverNow) ? 0 : serverNow - Date.now());
      }
      var left = Math.max(0, Math.floor((ends - (Date.now() + Number(el.dataset.offset))) / 1000));
      el.textContent = left > 0 ? Math.floor(left / 60) + ":" + pad(left % 60) : el.dataset.doneText || "0:00";
    });
  }

  tick();
  window.setInterval(tick, 1000);
  document.addEventListener("htmx:afterSettle", tick);
})();
