/*
 * Copy buttons (payment/_copy_button.html: <button data-copy="…" hidden>) beside amounts,
 * account and virtual-account numbers and payment codes; each copies the bare digits a
 * banking app accepts. Without JavaScript, or without the Clipboard API (plain http, older
 * browsers), the buttons stay hidden and the text on the page is selectable as ever.
 */
(function () {
  "use strict";

  function ready() {
    if (!navigator.clipboard || !window.isSecureContext) {
      return;
    }
    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      var label = button.textContent;
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(button.dataset.copy).then(function () {
          button.textContent = button.dataset.copied || label;
          window.setTimeout(function () { button.textContent = label; }, 2000);
        });
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
