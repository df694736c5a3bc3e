// Makes a long list of people searchable (select[data-search-label]): a text
// field above the list hides the options whose text does not contain what is
// typed (case and accents ignored). Without JavaScript the list is the plain
// select, which browsers already search by typing the first letters, and it is
// scoped to the people the form may offer. Options already chosen stay visible.
(function () {
  "use strict";
  function fold(text) {
    // å loses its ring under NFD; ø and æ have no accent to lose, so they are
    // spelled out as on a keyboard without them ("lonn" finds "Lønn").
    return text
      .toLocaleLowerCase("nb")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/ø/g, "o")
      .replace(/æ/g, "ae");
  }
  var lists = document.querySelectorAll("select[data-search-label]");
  Array.prototype.forEach.call(lists, function (select) {
    var field = document.createElement("input");
    field.type = "search";
    field.id = select.id + "-search";
    field.className = "picker-search";
    field.setAttribute("aria-controls", select.id);
    field.setAttribute("autocomplete", "off");
    var label = document.createElement("label");
    label.htmlFor = field.id;
    label.className = "picker-label";
    label.textContent = select.getAttribute("data-search-label");
    var status = document.createElement("span");
    status.className = "visually-hidden";
    status.setAttribute("aria-live", "polite");
    select.parentNode.insertBefore(label, select);
    select.parentNode.insertBefore(field, select);
    select.parentNode.insertBefore(status, select);
    field.addEventListener("input", function () {
      var wanted = fold(field.value.trim());
      var shown = 0;
      Array.prototype.forEach.call(select.options, function (option) {
        var match = !wanted || option.selected || fold(option.text).indexOf(wanted) !== -1;
        option.hidden = !match;
        if (match && option.value) {
          shown += 1;
        }
      });
      status.textContent = (select.getAttribute("data-search-count") || "%s").replace("%s", shown);
    });
  });
})();
