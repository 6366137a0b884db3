/* Selects marked data-autosubmit (the listing's sort order) submit their form on change;
   without JavaScript the form's own button does. */
(function () {
  "use strict";
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () {
      if (select.form) { select.form.submit(); }
    });
  });
})();

/* Search suggestions as you type, for every search box (input name="q") on the page.
   Progressive enhancement: without JavaScript the box is a plain search form. The
   suggestions come as JSON from the URL on this script's data-autocomplete-url. */
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.getAttribute("data-autocomplete-url");
  if (!url || !window.fetch) { return; }

  function attach(input, index) {
    var listId = "search-suggestions-" + index;
    var list = document.createElement("ul");
    var timer = null;
    var lastQuery = "";
    var active = -1;
    list.id = listId;
    list.className = "search-suggestions list-unstyled";
    list.setAttribute("role", "listbox");
    list.style.cssText = "position:absolute;top:100%;left:0;min-width:100%;z-index:1000;margin:0;" +
      "padding:.25rem .5rem;background:#fff;border:1px solid #ccc;border-radius:4px;";
    list.hidden = true;
    input.setAttribute("autocomplete", "off");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("aria-expanded", "false");
    input.parentNode.style.position = input.parentNode.style.position || "relative";
    input.parentNode.appendChild(list);

    function close() {
      list.hidden = true;
      active = -1;
      input.setAttribute("aria-expanded", "false");
    }

    function render(suggestions) {
      list.textContent = "";
      suggestions.forEach(function (suggestion, n) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        item.setAttribute("role", "option");
        item.id = listId + "-" + n;
        link.href = suggestion.url;
        link.textContent = suggestion.title;
        item.appendChild(link);
        list.appendChild(item);
      });
      list.hidden = suggestions.length === 0;
      input.setAttribute("aria-expanded", suggestions.length ? "true" : "false");
    }

    function highlight(step) {
      var items = list.querySelectorAll("li");
      if (!items.length) { return; }
      active = (active + step + items.length) % items.length;
      items.forEach(function (item, n) { item.classList.toggle("active", n === active); });
      input.setAttribute("aria-activedescendant", items[active].id);
    }

    input.addEventListener("input", function () {
      var query = input.value.trim();
      clearTimeout(timer);
      if (query.length < 2) { close(); return; }
      timer = setTimeout(function () {
        lastQuery = query;
        fetch(url + "?q=" + encodeURIComponent(query), { credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
          .then(function (data) { if (data.query === lastQuery) { render(data.suggestions || []); } })
          .catch(close);
      }, 200);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) { return; }
      if (event.key === "ArrowDown") { highlight(1); event.preventDefault(); }
      else if (event.key === "ArrowUp") { highlight(-1); event.preventDefault(); }
      else if (event.key === "Escape") { close(); }
      else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        window.location.href = list.querySelectorAll("a")[active].href;
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  document.querySelectorAll('input[name="q"]:not([type="hidden"])').forEach(attach);
})();
