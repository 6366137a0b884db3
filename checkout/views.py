"""Checkout for a basket holding several producers' goods.

Oscar's gateway (guest e-mail or sign-in) is kept; the later steps are ours, not Oscar's
views, and named for what they do: an Indonesian address with official regions, a
delivery choice per producer, the payment method, a preview grouped by producer, then the
order's own status and payment page. CheckoutConfig puts them on Oscar's URLs.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import View
from oscar.core.loading import get_class, get_model

from address import selectors as address_selectors
from address.forms import IndonesianAddressForm
from basket.services import basket_vouchers_prune
from checkout import services
from checkout.forms import BuyerPhoneForm, PaymentMethodForm, ShippingChoiceForm
from checkout.payment_choice import MethodsOffered, payment_methods_for_visitor
from checkout.session import CheckoutChoices
from core.clients import client_ip
from exchange.countries import HOME_COUNTRY
from exchange.visitors import visitor_country
from family import checkout as family_checkout
from fulfilment import services as fulfilment_services
from fulfilment.models import SellerOrder
from order.tokens import order_status_token, order_status_token_valid
from payment.methods import payment_method, payment_methods
from payment.selectors import payment_summary
from regions.forms import is_region_refresh
from regions.models import Village

Order = get_model("order", "Order")
CheckoutSessionData = get_class("checkout.utils", "CheckoutSessionData")


class CheckoutStepView(View):
    """Shared checks: a non-empty basket of goods still for sale, its vouchers still usable,
    and the earlier steps done."""

    needs_address = False
    needs_payment_method = False

    def dispatch(self, request, *args, **kwargs):
        self.checkout_session = CheckoutSessionData(request)
        self.choices = CheckoutChoices(request.session)
        self.basket = request.basket
        if self.basket.is_empty:
            messages.error(request, _("Keranjang Anda kosong."))
            return redirect("basket:summary")
        if unsold := services.basket_lines_not_for_sale(self.basket):
            for line in unsold:
                messages.error(
                    request,
                    _("%(title)s sudah tidak dijual. Hapus dari keranjang untuk melanjutkan.")
                    % {"title": line.product.get_title()},
                )
            return redirect("basket:summary")
        # A voucher used up elsewhere gives no discount any more (Oscar's applicator skips it)
        # and would make OrderCreator refuse the order: let go of it, saying so.
        self.vouchers_pruned = basket_vouchers_prune(basket=self.basket, user=request.user)
        for message in self.vouchers_pruned:
            messages.warning(request, message)
        if not request.user.is_authenticated and not self.checkout_session.get_guest_email():
            return redirect("checkout:index")
        if self.needs_address and self.village() is None:
            return redirect("checkout:shipping-address")
        if self.needs_payment_method and self.checkout_session.payment_method() not in payment_methods():
            return redirect("checkout:payment-method")
        return super().dispatch(request, *args, **kwargs)

    def village(self) -> Village | None:
        # Asked by the checks, the form and the quotes of one request: read once.
        code = self.choices.village_code()
        known = getattr(self, "_village", None)
        if known is None or known[0] != code:
            known = self._village = (
                code,
                Village.objects.with_hierarchy().filter(code=code).first() if code else None,
            )
        return known[1]

    def groups(self) -> list[services.BasketGroup]:
        # The page, its form and the quotes of one request share one grouping.
        if not hasattr(self, "_groups"):
            self._groups = services.basket_groups(self.basket)
        return self._groups

    step = 0

    def render(self, template, context, status=200):
        context = {
            "basket": self.basket,
            "groups": self.groups(),
            "step": self.step,
            **context,
        }
        return render(self.request, template, context, status=status)


class DeliveryAddressView(CheckoutStepView):
    """The address: typed in, or one of a logged-in buyer's saved addresses ("Kirim ke alamat
    ini", a plain form per address, so it works without JavaScript)."""

    step = 1
    template_name = "checkout/shipping_address.html"
    SAVED_ADDRESS_FIELD = "saved_address"
    # "alamat-<id>": a saved address as the family's; "keluarga-<id>": an earlier family gift's.
    FAMILY_RECIPIENT_FIELD = "family_recipient"

    def render_form(self, form, status=200, family_form=None):
        saved = address_selectors.user_addresses_deliverable(user=self.request.user)
        family_form = family_form or family_checkout.family_form(self.request.session)
        context = {
            "form": form,
            "saved_addresses": saved,
            "family_form": family_form,
            "family_recipients": family_checkout.earlier_recipients(self.request.user),
        }
        return self.render(self.template_name, context, status=status)

    @staticmethod
    def address_form(address: dict, village) -> IndonesianAddressForm:
        initial = {
            "name": address.get("first_name", ""),
            "phone_number": address.get("phone_number", ""),
            "street": address.get("line1", ""),
            "postcode": address.get("postcode", ""),
            "notes": address.get("notes", ""),
        }
        return IndonesianAddressForm(initial=initial, initial_village=village)

    def get(self, request):
        address, village = self.choices.address() or {}, self.village()
        prefilled, code = family_checkout.address_prefill(request.session)
        if prefilled:  # a family basket's link: its recipient, once
            address, village = prefilled, Village.objects.with_hierarchy().filter(code=code).first()
        return self.render_form(self.address_form(address, village))

    def post(self, request):
        if self.SAVED_ADDRESS_FIELD in request.POST:
            return self.ship_to_saved(request.POST[self.SAVED_ADDRESS_FIELD])
        if self.FAMILY_RECIPIENT_FIELD in request.POST:
            return self.family_recipient(request.POST[self.FAMILY_RECIPIENT_FIELD])
        if is_region_refresh(request):
            family_form = family_checkout.family_form_as_typed(request.POST)
            return self.render_form(
                IndonesianAddressForm(initial=request.POST.dict()), family_form=family_form
            )
        family_form = family_checkout.family_form(request.session, request.POST)
        form = IndonesianAddressForm(request.POST)
        if not (form.is_valid() & family_form.is_valid()):
            return self.render_form(form, status=400, family_form=family_form)
        family_checkout.family_choice_keep(request.session, family_form)
        self.choices.ship_to(address=form.address_fields(), village_code=form.cleaned_data["village"].pk)
        return redirect("checkout:shipping-method")

    def family_recipient(self, value: str):
        """A family recipient picked rather than typed again: the form comes back filled in
        (official regions and all) with "Kirim ke keluarga" ticked, for the sender's name and
        the message; a plain form post, so it works without JavaScript."""
        kind, _dash, pk = value.partition("-")
        user, picked = self.request.user, None
        if kind == "alamat":
            saved = address_selectors.user_addresses_deliverable(user=user)
            address = next((a for a in saved if str(a.pk) == pk), None)
            if address is not None:
                picked = family_checkout.recipient_from_address(user=user, address=address)
        elif kind == "keluarga":
            picked = family_checkout.recipient_from_earlier(user=user, delivery_id=pk)
        if picked is None:
            messages.error(self.request, _("Penerima itu tidak ditemukan. Tulis alamat keluarga di sini."))
            return redirect("checkout:shipping-address")
        columns, village, family_form = picked
        return self.render_form(self.address_form(columns, village), family_form=family_form)

    def ship_to_saved(self, address_id: str):
        saved = address_selectors.user_addresses_deliverable(user=self.request.user)
        address = next((a for a in saved if str(a.pk) == address_id), None)
        if address is None:
            # Deleted from the address book in another tab, or not this buyer's.
            messages.error(
                self.request, _("Alamat itu tidak ada di buku alamat Anda. Tulis alamatnya di sini.")
            )
            return redirect("checkout:shipping-address")
        family_checkout.family_choice_keep(self.request.session, None)
        self.choices.ship_to(address=address.shipping_columns(), village_code=address.village_id)
        return redirect("checkout:shipping-method")


class DeliveryChoiceView(CheckoutStepView):
    step = 2
    template_name = "checkout/shipping_method.html"
    needs_address = True

    def form(self, data=None):
        quotes = services.checkout_quotes(groups=self.groups(), village=self.village())
        return ShippingChoiceForm(
            data,
            quotes=quotes,
            groups=self.groups(),
            initial=dict(self.choices.shipping_choices()),
            unreachable_message=services.undeliverable_message,
        )

    def get(self, request):
        return self.render(self.template_name, {"form": self.form(), "village": self.village()})

    def post(self, request):
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render(self.template_name, {"form": form, "village": self.village()}, status=400)
        self.choices.ship_by(form.cleaned_data)
        return redirect("checkout:payment-method")


class PaymentChoiceView(CheckoutStepView):
    step = 3
    template_name = "checkout/payment_method.html"
    needs_address = True

    # "Tampilkan metode pembayaran Indonesia": a link (GET) and a hidden field (POST).
    SHOW_INDONESIAN = "metode_indonesia"

    def offered(self, data, chosen: str | None = None) -> tuple[MethodsOffered, dict]:
        """What this basket can be paid by — with the methods it cannot, and why, said on the
        page rather than hidden (a buyer looking for COD learns what stops it) — and of those,
        for a buyer abroad, the ones that work with a foreign card unless they ask for all."""
        available, refused = services.payment_methods_offered(
            groups=self.groups(),
            village=self.village(),
            choices=self.choices.shipping_choices(),
            user=self.request.user,
            phone=(self.choices.address() or {}).get("phone_number") or "",
        )
        offered = payment_methods_for_visitor(
            methods=available,
            from_abroad=visitor_country(self.request).code != HOME_COUNTRY,
            # An Indonesian method chosen before stays on offer when the buyer comes back.
            show_indonesian=data.get(self.SHOW_INDONESIAN) == "1"
            or (chosen in available and not available[chosen].works_from_abroad),
        )
        return offered, refused

    def phone_form(self, data=None) -> BuyerPhoneForm:
        # A number written without its country code is one of the buyer's country of work.
        region = visitor_country(self.request).code
        return BuyerPhoneForm(data, region=region, initial={"buyer_phone": self.choices.buyer_phone()})

    def render_form(self, form, offered: tuple[MethodsOffered, dict], data, status=200, phone_form=None):
        methods, refused = offered
        context = {
            "form": form,
            "refused": refused,
            "phone_form": phone_form or self.phone_form(),
            "hidden_methods": methods.hidden,
            "show_all_field": self.SHOW_INDONESIAN,
            "showing_all": data.get(self.SHOW_INDONESIAN) == "1",
        }
        return self.render(self.template_name, context, status=status)

    def get(self, request):
        chosen = self.checkout_session.payment_method()
        offered = self.offered(request.GET, chosen)
        form = PaymentMethodForm(methods=offered[0].methods, initial={"method": chosen})
        return self.render_form(form, offered, request.GET)

    def post(self, request):
        offered = self.offered(request.POST)
        form = PaymentMethodForm(request.POST, methods=offered[0].methods)
        phone_form = self.phone_form(request.POST)
        if not (form.is_valid() & phone_form.is_valid()):  # both, so both show their errors
            return self.render_form(form, offered, request.POST, status=400, phone_form=phone_form)
        self.checkout_session.pay_by(form.cleaned_data["method"])
        self.choices.contact_at(phone_form.cleaned_data["buyer_phone"])
        return redirect("checkout:preview")


class OrderPreviewView(CheckoutStepView):
    """The preview: everything grouped by producer, then "Buat pesanan"."""

    step = 4

    template_name = "checkout/preview.html"
    needs_address = True
    needs_payment_method = True
    preview = True

    def context(self):
        village = self.village()
        quotes = services.chosen_quotes(
            groups=self.groups(), village=village, choices=self.choices.shipping_choices()
        )
        shipping_total = sum((quote.charge for quote in quotes.values() if quote is not None), 0)
        return {
            "groups": [(group, quotes[group.seller.pk]) for group in self.groups()],
            "address": self.choices.address(),
            "village": village,
            "method": payment_method(self.checkout_session.payment_method()),
            "shipping_total": shipping_total,
            "order_total": self.basket.total_incl_tax + shipping_total,
            "family": family_checkout.family_choice(self.request.session),
        }

    def dispatch(self, request, *args, **kwargs):
        # "Buat pesanan" sent again after the first one placed the order (a double click
        # answered late, a reload): the basket is gone, the buyer wants the order's page.
        if request.method == "POST" and request.basket.is_empty and request.session.get("last_order_number"):
            return redirect("checkout:thank-you")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        context = self.context()
        if any(quote is None for _group, quote in context["groups"]):
            # The address changed to one no courier of a producer reaches: say so there.
            return redirect("checkout:shipping-method")
        return self.render(self.template_name, context)

    def post(self, request):
        if self.vouchers_pruned:
            # The preview the buyer agreed to may have shown its discount: show the new total.
            return redirect("checkout:preview")
        email = (
            request.user.email if request.user.is_authenticated else self.checkout_session.get_guest_email()
        )
        try:
            order = services.order_place(
                basket=self.basket,
                user=request.user,
                email=email,
                address=self.choices.address(),
                village=self.village(),
                shipping_choices=self.choices.shipping_choices(),
                payment_method_code=self.checkout_session.payment_method(),
                client_address=client_ip(request),
                language=translation.get_language() or "id",
                country_of_work=visitor_country(request).code,
                buyer_phone=self.choices.buyer_phone(),
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("basket:summary")
        family_checkout.family_order_placed(session=request.session, order=order)
        self.checkout_session.flush()
        self.choices.flush()
        request.session["last_order_number"] = order.number
        return redirect(order_status_url(order))


class PlacedOrderView(View):
    """Oscar's thank-you URL sends the buyer on to the order just placed in this session."""

    def get(self, request):
        number = request.session.get("last_order_number")
        order = Order.objects.filter(number=number).first() if number else None
        if order is None:
            return redirect("/")
        return redirect(order_status_url(order))


def order_status_url(order) -> str:
    return reverse("checkout:order-status", args=[order.number, order_status_token(order)])


class OrderStatusView(View):
    """The buyer's page for one order: how to pay, and each producer's part."""

    template_name = "checkout/order_status.html"

    def get_order(self, number, token):
        order = get_object_or_404(Order.objects.select_related("payment", "shipping_address"), number=number)
        if not order_status_token_valid(order, token):
            raise Http404
        return order

    def get(self, request, number, token):
        order = self.get_order(number, token)
        payment = order.payment
        try:
            method = payment_method(payment.method)
        except LookupError:
            # The method was switched off since (its keys taken away): the order still has
            # its page, without instructions nobody could follow.
            method = None
        seller_orders = order.seller_orders.select_related(
            "seller__village", "courier_service__courier"
        ).prefetch_related("order__lines")
        parts = [(seller_order, list(seller_order.lines())) for seller_order in seller_orders]
        context = {
            "order": order,
            "payment": payment,
            "method": method,
            "parts": parts,
            "token": token,
            "summary": payment_summary(payment),
            **(
                method.page_context(payment=payment, request=request)
                if method and not payment.is_paid
                else {}
            ),
        }
        return render(request, self.template_name, context)

    def post(self, request, number, token):
        """The buyer confirms that one producer's parcel arrived."""
        order = self.get_order(number, token)
        seller_order = get_object_or_404(SellerOrder, order=order, number=request.POST.get("seller_order"))
        if seller_order.status != SellerOrder.Status.SHIPPED:
            messages.error(request, _("Pesanan ini belum dikirim."))
        elif seller_order.escrow_paused:
            # A complaint is open: its outcome moves the money, not this button.
            messages.error(request, _("Ada komplain terbuka untuk pesanan ini; dananya menunggu hasilnya."))
        else:
            fulfilment_services.seller_order_confirm_received(seller_order=seller_order, by=request.user)
            messages.success(
                request,
                _("Terima kasih! Penerimaan dari %(name)s tercatat.") % {"name": seller_order.seller.name},
            )
        return redirect(order_status_url(order))
