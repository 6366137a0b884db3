/*
 * Copy buttons beside the amount and the account number on the bank-transfer page
 * (payment/bank_transfer.html); each copies its data-copy-text, the bare digits a banking
 * app accepts. Without JavaScript, or without the Clipboard API (plain http, older
 * browsers), the buttons stay hidden and the text on the page is selectable as ever.
 */
(function () {
  "use strict";

  if (!navigator.clipboard || !window.isSecureContext) {
    return;
  }
  var buttons = document.querySelectorAll(".copy-button[data-copy-text]");
  Array.prototype.forEach.call(buttons, function (button) {
    var label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.dataset.copyText).then(function () {
        button.textContent = button.dataset.copied || label;
        window.setTimeout(function () { button.textContent = label; }, 2000);
      });
    });
  });
})();
