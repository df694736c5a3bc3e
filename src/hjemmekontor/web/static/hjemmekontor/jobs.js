// Follows a background job on a page that shows one ([data-job-refresh]).
// Without JavaScript the page refreshes itself (a <noscript> meta refresh); with
// it, the page is fetched in the background and only the status is replaced, so
// nothing jumps and a screen reader hears the new status (aria-live). When the
// job is no longer running the page is loaded again to show what it produced.
(function () {
  "use strict";
  var box = document.querySelector("[data-job-refresh]");
  if (!box || !window.fetch || !window.DOMParser) {
    return;
  }
  var seconds = parseInt(box.getAttribute("data-job-refresh"), 10) || 3;
  function later(factor) {
    window.setTimeout(poll, seconds * 1000 * factor);
  }
  function poll() {
    window
      .fetch(window.location.href, { credentials: "same-origin" })
      .then(function (response) {
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-job-refresh]");
        if (!fresh) {
          window.location.reload();
          return;
        }
        box.innerHTML = fresh.innerHTML;
        later(1);
      })
      .catch(function () {
        later(3);
      });
  }
  later(1);
})();
