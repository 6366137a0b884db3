/* Installs the shop's service worker (marketplace/pwa.py): static files from its cache and
   an offline page when the network is gone. The page works the same without it. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !("serviceWorker" in navigator)) { return; }
  var url = script.getAttribute("data-worker-url");
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(url, { scope: "/" }).catch(function () { /* offline support is optional */ });
  });
})();
