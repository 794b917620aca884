// Live timer for a call in progress.
//
// The server renders the call's start time and its own clock into data
// attributes; the timer counts from the start time, corrected for any skew
// in the browser's clock. Nothing is kept in the browser, so the timer is
// right after a reload or an htmx swap, and it runs for a call of any length.
(function () {
  "use strict";

  var offsets = new WeakMap();

  function pad(n) {
    return String(n).padStart(2, "0");
  }

  function format(totalSeconds) {
    var s = Math.max(0, Math.floor(totalSeconds));
    var hours = Math.floor(s / 3600);
    var minutes = Math.floor((s % 3600) / 60);
    return hours + ":" + pad(minutes) + ":" + pad(s % 60);
  }

  function offsetFor(el) {
    if (!offsets.has(el)) {
      var serverNow = Date.parse(el.dataset.serverNow || "");
      offsets.set(el, Number.isNaN(serverNow) ? 0 : serverNow - Date.now());
    }
    return offsets.get(el);
  }

  function tick() {
    document.querySelectorAll("[data-call-started]").forEach(function (el) {
      var started = Date.parse(el.dataset.callStarted);
      if (Number.isNaN(started)) {
        return;
      }
      el.textContent = format((Date.now() + offsetFor(el) - started) / 1000);
    });
  }

  tick();
  window.setInterval(tick, 1000);
  // A swapped-in timer should show the right time at once, not on the next tick.
  document.addEventListener("htmx:afterSettle", tick);
})();
