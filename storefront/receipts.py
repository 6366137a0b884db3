"""The buyer's "Pesanan diterima": a confirmation page, then the release of the producer's money.

Reached from the order page behind its secret link (guests) and from the account's order page
(which links through the same secret link), so it works the same for both and without JavaScript.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from oscar.core.loading import get_model

from checkout.views import order_status_url
from fulfilment import services as fulfilment_services
from fulfilment.models import SellerOrder
from order.tokens import order_status_token_valid

Order = get_model("order", "Order")


def seller_order_from_link(number: str, token: str, part: str) -> SellerOrder:
    """One producer's part of the order behind the order's secret link (404 otherwise)."""
    order = get_object_or_404(Order, number=number)
    if not order_status_token_valid(order, token):
        raise Http404
    return get_object_or_404(SellerOrder.objects.select_related("seller", "order"), order=order, number=part)


class ReceiptConfirmView(View):
    template_name = "storefront/receipt_confirm.html"

    def get_seller_order(self, number: str, token: str, part: str) -> SellerOrder:
        return seller_order_from_link(number, token, part)

    def get(self, request, number, token, part):
        seller_order = self.get_seller_order(number, token, part)
        if seller_order.status not in (SellerOrder.Status.SHIPPED, SellerOrder.Status.DELIVERED):
            messages.error(request, _("Pesanan ini belum dikirim."))
            return redirect(order_status_url(seller_order.order))
        context = {"seller_order": seller_order, "lines": list(seller_order.lines()), "token": token}
        return render(request, self.template_name, context)

    def post(self, request, number, token, part):
        seller_order = self.get_seller_order(number, token, part)
        try:
            fulfilment_services.seller_order_confirm_received(seller_order=seller_order, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Terima kasih! Pesanan dari %(name)s selesai; dananya diteruskan ke produsen.")
                % {"name": seller_order.seller.name},
            )
        return redirect(order_status_url(seller_order.order))
