// The kiosk tablet forgets its respondent after a while without activity
// (hjemmekontor.surveys.codeentry). Thirty seconds before, it asks «Er du der
// fortsatt?» and one press keeps going (WCAG 2.2.1: warned, and extended by a
// simple action). Any key, touch or typing starts the wait again. Without
// JavaScript a <noscript> refresh does the reset, and the server starts over
// on the first request after a longer pause.
(function () {
  "use strict";
  var box = document.querySelector("[data-kiosk-idle]");
  if (!box) {
    return;
  }
  var idle = parseInt(box.getAttribute("data-kiosk-idle"), 10) * 1000;
  var end = box.getAttribute("data-kiosk-end");
  var warning = box.querySelector(".kiosk-warning");
  if (!warning) {
    // The thank-you page: nothing left to lose, on to the next person.
    window.setTimeout(function () {
      window.location.assign(end);
    }, idle);
    return;
  }
  var keep = warning.querySelector("button");
  var ahead = Math.min(30000, idle / 2);
  var warnTimer = null;
  var endTimer = null;
  function arm() {
    window.clearTimeout(warnTimer);
    window.clearTimeout(endTimer);
    warning.hidden = true;
    warnTimer = window.setTimeout(function () {
      warning.hidden = false;
      keep.focus();
    }, idle - ahead);
    endTimer = window.setTimeout(function () {
      window.location.assign(end);
    }, idle);
  }
  ["keydown", "pointerdown", "input"].forEach(function (name) {
    document.addEventListener(name, function () {
      if (warning.hidden) {
        arm();
      }
    }, { passive: true });
  });
  keep.addEventListener("click", arm);
  arm();
})();
