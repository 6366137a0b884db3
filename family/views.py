"""The family's tracking page (no login: its token is the key; no prices), the delivery
photos it shows, the buyer's repeats (behind the order's own secret link) and the family
basket's "Bayar dan kirim" link."""

import mimetypes

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from oscar.core.loading import get_model

from family import checkout as family_checkout
from family import selectors, services
from family.forms import FamilyRepeatForm
from family.models import DeliveryPhoto, FamilyRepeat
from order.tokens import order_status_token_valid

Order = get_model("order", "Order")


class TrackingView(View):
    template_name = "family/tracking.html"

    def get(self, request, token):
        delivery = selectors.family_delivery_by_token(token=token)
        if delivery is None:
            raise Http404
        order = delivery.order
        parts = [
            (part, [line for line in order.lines.all() if line.partner_id == part.seller.partner_id])
            for part in order.seller_orders.all()
        ]
        context = {"delivery": delivery, "order": order, "address": order.shipping_address, "parts": parts}
        return render(request, self.template_name, context)


class DeliveryPhotoView(View):
    """The photo itself, only to whoever holds the family's (or the buyer's) tracking link."""

    def get(self, request, token, number):
        photo = get_object_or_404(
            DeliveryPhoto, seller_order__order__family_delivery__token=token, seller_order__number=number
        )
        content_type = mimetypes.guess_type(photo.image.name)[0] or "application/octet-stream"
        response = FileResponse(photo.image.open("rb"), content_type=content_type)
        response["Cache-Control"] = "private, max-age=3600"
        return response


def _buyer_order(number: str, token: str):
    order = get_object_or_404(Order.objects.select_related("family_delivery"), number=number)
    if not order_status_token_valid(order, token) or selectors.family_delivery_for_order(order=order) is None:
        raise Http404
    return order


def _order_page(number: str, token: str) -> str:
    return reverse("checkout:order-status", args=[number, token]) + "#kirim-rutin"


class RepeatCreateView(View):
    """ "Kirim lagi": the buyer makes the family order a repeat (from the order page's form)."""

    def post(self, request, number, token):
        order = _buyer_order(number, token)
        form = FamilyRepeatForm(request.POST)
        if form.is_valid():
            try:
                services.family_repeat_create(delivery=order.family_delivery, **form.cleaned_data)
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(
                    request, _("Kiriman rutin tersimpan. Kami kirim tautan bayarnya lewat e-mail.")
                )
        else:
            messages.error(request, _("Pilih jenis kiriman rutin dan tanggalnya."))
        return redirect(_order_page(number, token))


class RepeatStopView(View):
    def post(self, request, number, token, pk):
        order = _buyer_order(number, token)
        repeat = get_object_or_404(FamilyRepeat, pk=pk, source=order.family_delivery)
        services.family_repeat_stop(repeat=repeat)
        messages.success(request, _("Kiriman rutin dihentikan."))
        return redirect(_order_page(number, token))


class FamilyBasketPayView(View):
    """The e-mailed "Bayar dan kirim" link: the prepared basket, then (a POST, one button) the
    normal checkout with it in the basket and the family's address and gift prefilled."""

    template_name = "family/basket_pay.html"

    def get_basket(self, token):
        return services.family_basket_from_token(token)

    def get(self, request, token):
        family_basket = self.get_basket(token)
        if family_basket is None:
            return render(request, "family/basket_link_expired.html", status=404)
        context = {
            "family_basket": family_basket,
            "delivery": family_basket.repeat.source,
            "address": family_basket.repeat.source.order.shipping_address,
            "products": services.family_basket_products(family_basket),
            "basket_has_other_lines": not request.basket.is_empty,
        }
        return render(request, self.template_name, context)

    def post(self, request, token):
        family_basket = self.get_basket(token)
        if family_basket is None:
            return render(request, "family/basket_link_expired.html", status=404)
        left_out = services.family_basket_fill(family_basket=family_basket, basket=request.basket)
        for title in left_out:
            messages.warning(request, _("%(title)s sudah tidak dijual, jadi tidak ikut.") % {"title": title})
        if request.basket.is_empty:
            messages.error(request, _("Tidak ada lagi barang dari kiriman ini yang dijual."))
            return redirect("basket:summary")
        family_checkout.family_prefill_keep(request.session, family_basket=family_basket)
        return redirect("checkout:index")
