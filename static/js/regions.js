/* Chained region selects: when a level changes, load the next level's choices and clear
   the ones below. Without JavaScript the form's "Pilih" button does the same server-side. */
(function () {
  "use strict";
  var order = ["province", "regency", "district", "village"];
  function selects(form) {
    var found = {};
    order.forEach(function (level) {
      found[level] = form.querySelector('select[data-region-level="' + level + '"]');
    });
    return found;
  }
  function reset(select) {
    while (select.options.length > 1) { select.remove(1); }
    select.value = "";
  }
  document.querySelectorAll("form[data-region-chain]").forEach(function (form) {
    var levels = selects(form);
    // The form carries the URL for one level; the level and code are swapped in.
    var url = form.getAttribute("data-region-chain");
    form.querySelectorAll("[data-region-refresh]").forEach(function (button) { button.hidden = true; });
    order.slice(0, 3).forEach(function (level, index) {
      var select = levels[level];
      if (!select) { return; }
      select.addEventListener("change", function () {
        var next = order[index + 1];
        order.slice(index + 1).forEach(function (below) { if (levels[below]) { reset(levels[below]); } });
        if (!select.value) { return; }
        fetch(url.replace(/regency\/00\/$/, next + "/" + select.value + "/"), { credentials: "same-origin" })
          .then(function (response) { return response.json(); })
          .then(function (data) {
            data.choices.forEach(function (choice) {
              levels[next].add(new Option(choice.name, choice.code));
            });
          });
      });
    });
  });
})();
