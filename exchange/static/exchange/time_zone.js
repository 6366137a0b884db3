// Tells the shop the browser's time zone (cookie zona_waktu), so the country of work can be
// guessed on the next page (exchange/guess.py). Without JavaScript the guess uses the language.
(function () {
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && document.cookie.indexOf("zona_waktu=") === -1) {
      document.cookie = "zona_waktu=" + encodeURIComponent(zone) + "; path=/; max-age=31536000; samesite=lax";
    }
  } catch (error) {
    // An old browser without Intl: the guess falls back to the language.
  }
})();
