"""Oscar's basket messages, with the new total in the buyer's own currency beside the rupiah.

Oscar renders "Your basket total is now …" without the request, so the page's
``visitor_conversion`` (exchange.context_processors) is missing and {% price %} wrote rupiah
only. The basket's strategy carries the request (Oscar's BasketMiddleware puts it there)."""

from django.contrib import messages
from django.template.loader import render_to_string
from oscar.apps.basket.utils import BasketMessageGenerator as OscarBasketMessageGenerator

from exchange.visitors import visitor_conversion


class BasketMessageGenerator(OscarBasketMessageGenerator):
    def get_new_total_messages(self, basket, include_buttons=True):
        request = getattr(getattr(basket, "strategy", None), "request", None)
        context = {"basket": basket, "include_buttons": include_buttons}
        if request is not None:
            context["visitor_conversion"] = visitor_conversion(request)
        return [(messages.INFO, render_to_string(self.new_total_template_name, context))]
