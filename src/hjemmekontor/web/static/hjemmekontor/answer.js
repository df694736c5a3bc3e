// Progressive enhancement of the questionnaire: saves the page's answers in the
// background a moment after each change, so that even unsent answers on the
// current page survive a closed browser. The form works fully without this file.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }
  var status = document.getElementById("autosave-status");
  var timer = null;
  function save() {
    var data = new FormData(form);
    data.append("autosave", "1");
    fetch(form.action || window.location.href, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      if (status && response.ok) {
        status.textContent = status.getAttribute("data-saved-text");
      }
    }).catch(function () { /* the ordinary submit still saves */ });
  }
  function schedule() {
    if (timer) {
      window.clearTimeout(timer);
    }
    timer = window.setTimeout(save, 800);
  }
  form.addEventListener("change", schedule);
  form.addEventListener("input", schedule);
})();
