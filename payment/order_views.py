"""The buyer's forms about the money of one order, reached with the order's signed link
(guests included): where a bank-transfer refund goes, and a photo of the transfer slip."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from oscar.core.loading import get_model

from order.tokens import order_status_token_valid
from payment import selectors, services
from payment.forms import RefundAccountForm, TransferReceiptForm
from payment.models import OrderPayment

Order = get_model("order", "Order")


def order_payment(number: str, token: str) -> OrderPayment:
    order = get_object_or_404(Order, number=number)
    if not order_status_token_valid(order, token):
        raise Http404
    return get_object_or_404(OrderPayment.objects.select_related("order"), order=order)


def _order_page(payment: OrderPayment, token: str) -> str:
    return reverse("checkout:order-status", args=[payment.order.number, token])


class RefundAccountView(View):
    template_name = "payment/refund_account.html"

    def render_form(self, payment, form, token, status=200):
        context = {"payment": payment, "order": payment.order, "form": form, "token": token}
        return render(self.request, self.template_name, context, status=status)

    def get_payment(self, number, token):
        payment = order_payment(number, token)
        if not selectors.refund_account_open(payment):
            raise Http404
        return payment

    def get(self, request, number, token):
        payment = self.get_payment(number, token)
        account = selectors.refund_account(payment)
        initial = {}
        if account is not None:
            initial = {"bank_name": account.bank_name, "holder_name": account.holder_name}
        return self.render_form(payment, RefundAccountForm(initial=initial), token)

    def post(self, request, number, token):
        payment = self.get_payment(number, token)
        form = RefundAccountForm(request.POST)
        if not form.is_valid():
            return self.render_form(payment, form, token, status=400)
        try:
            services.refund_account_save(payment=payment, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            return self.render_form(payment, form, token, status=400)
        messages.success(request, _("Terima kasih, rekening pengembalian dana sudah kami catat."))
        return redirect(_order_page(payment, token))


class TransferReceiptView(View):
    """The upload posts from the bank-transfer instructions on the order page."""

    def post(self, request, number, token):
        payment = order_payment(number, token)
        form = TransferReceiptForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.transfer_receipt_add(payment=payment, upload=form.cleaned_data["image"])
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Bukti transfer terkirim; staf akan memeriksanya."))
        else:
            for errors in form.errors.values():
                messages.error(request, " ".join(errors))
        return redirect(_order_page(payment, token) + "#payment-status")
