/* A page from the shared cache is the same bytes for every visitor, so its forms carry an
   empty CSRF token (marketplace/csrf.py). The visitor's token is their CSRF cookie, which
   Django accepts in the form; on a first visit there is none yet, so one is asked for once.
   Without JavaScript the shop asks the visitor to confirm the form instead. */
(function () {
    var script = document.currentScript;
    var blanks = document.querySelectorAll('input[name="csrfmiddlewaretoken"][value=""]');
    if (!blanks.length) { return; }
    function fill(token) {
        for (var i = 0; i < blanks.length; i++) { blanks[i].value = token; }
    }
    var name = script.getAttribute("data-cookie") + "=";
    var cookies = document.cookie ? document.cookie.split("; ") : [];
    for (var i = 0; i < cookies.length; i++) {
        if (cookies[i].indexOf(name) === 0) { fill(decodeURIComponent(cookies[i].slice(name.length))); return; }
    }
    fetch(script.getAttribute("data-token-url"), {credentials: "same-origin", headers: {"Accept": "application/json"}})
        .then(function (response) { return response.json(); })
        .then(function (data) { fill(data.token); })
        .catch(function () { /* the form then asks to confirm (csrf_failure) */ });
})();
