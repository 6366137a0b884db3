/* Oscar's start-up, which Oscar's templates write inline (each page adding its own call to the
   onbodyload block), as one static file: shop pages then carry no inline script and need no
   CSP nonce, so a page from the shared cache is the same bytes for every visitor. Each page's
   part runs where its elements are. */
(function () {
    var basketUrl = document.currentScript.getAttribute("data-basket-url");
    $(function () {
        oscar.init();
        if ($("#id_sort_by, .facet_checkbox").length) { oscar.search.init(); }
        if ($("#basket_formset").length) { oscar.basket.init({basketURL: basketUrl}); }
        if ($("form input[name=options]").length) { oscar.checkout.gateway.init(); }
        if ($(".clipboard-item").length) { oscar.customer.wishlists.init(); }
        if ($("a[data-behaviours~=archive], a[data-behaviours~=delete]").length) { oscar.notifications.init(); }
    });
})();
