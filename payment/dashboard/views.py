"""Staff pages for payments: confirm bank transfers, cancel, refund, confirm delivery."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView
from oscar.views.decorators import permissions_required

from fulfilment import services as fulfilment_services
from fulfilment.models import SellerOrder
from payment import selectors, services
from payment.dashboard.forms import MarkPaidForm, PaymentFilterForm, RefundForm
from payment.models import OrderPayment, PaymentRefund, TransferReceipt

staff_required = permissions_required(["is_staff"], login_url=reverse_lazy("dashboard:login"))


@method_decorator(staff_required, name="dispatch")
class PaymentListView(ListView):
    template_name = "payment/dashboard/payment_list.html"
    context_object_name = "payments"
    paginate_by = 30

    def get_queryset(self):
        self.form = PaymentFilterForm(self.request.GET)
        payments = OrderPayment.objects.select_related("order").order_by("-created_at")
        if self.form.is_valid():
            data = self.form.cleaned_data
            if data["status"]:
                payments = payments.filter(status=data["status"])
            if data["method"]:
                payments = payments.filter(method=data["method"])
            if data["q"]:
                query = data["q"].replace(".", "").replace("Rp", "").strip()
                condition = Q(order__number__icontains=query) | Q(provider_reference__icontains=query)
                if query.isdigit():
                    condition |= Q(amount_due=query)
                payments = payments.filter(condition)
        return payments

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = self.form
        return context


@method_decorator(staff_required, name="dispatch")
class PaymentDetailView(View):
    template_name = "payment/dashboard/payment_detail.html"

    def get_payment(self, pk):
        return get_object_or_404(
            OrderPayment.objects.select_related("order", "order__shipping_address"), pk=pk
        )

    def render_page(self, payment, refund_form=None, status=200):
        return render(
            self.request,
            self.template_name,
            {
                "payment": payment,
                "seller_orders": payment.order.seller_orders.select_related("seller"),
                "events": payment.events.all()[:20],
                "refund_form": refund_form or RefundForm(payment=payment),
                "summary": selectors.payment_summary(payment),
            },
            status=status,
        )

    def get(self, request, pk):
        return self.render_page(self.get_payment(pk))

    def post(self, request, pk):
        payment = self.get_payment(pk)
        action = request.POST.get("action")
        try:
            if action == "cancel":
                services.payment_cancel(payment=payment, reason=_("Dibatalkan oleh staf"), by=request.user)
                messages.success(request, _("Pesanan dibatalkan dan stok dikembalikan."))
            elif action == "refund_transferred":
                refund = get_object_or_404(PaymentRefund, payment=payment, pk=request.POST.get("refund"))
                services.refund_transfer_record(
                    refund=refund, reference=request.POST.get("reference", ""), by=request.user
                )
                messages.success(request, _("Transfer balik dicatat; pembeli diberi tahu."))
            elif action == "refund":
                form = RefundForm(request.POST, payment=payment)
                if not form.is_valid():
                    return self.render_page(payment, form, status=400)
                seller_order = None
                if form.cleaned_data["seller_order"]:
                    seller_order = get_object_or_404(
                        SellerOrder, order=payment.order, number=form.cleaned_data["seller_order"]
                    )
                try:
                    services.payment_refund(
                        payment=payment,
                        amount=form.cleaned_data["amount"],
                        reason=form.cleaned_data["reason"],
                        seller_order=seller_order,
                        by=request.user,
                    )
                except ValidationError as error:
                    if hasattr(error, "error_dict"):
                        for field, errors in error.error_dict.items():
                            form.add_error(field if field in form.fields else None, errors)
                    else:
                        form.add_error(None, error)
                    return self.render_page(payment, form, status=400)
                messages.success(request, _("Dana dikembalikan; pendapatan produsen disesuaikan."))
            elif action == "deliver":
                seller_order = get_object_or_404(
                    SellerOrder, order=payment.order, number=request.POST.get("seller_order")
                )
                fulfilment_services.seller_order_deliver(seller_order=seller_order)
                messages.success(
                    request, _("Barang tiba dicatat; dana produsen ditahan sampai pembeli menerima pesanan.")
                )
            else:
                messages.error(request, _("Tindakan tidak dikenal."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(reverse("payment-dashboard:detail", args=[payment.pk]))


@method_decorator(staff_required, name="dispatch")
class MarkPaidView(View):
    """ "Tandai lunas" as a step of its own: the amount, the buyer's receipt photos, and the
    bank statement's reference, which is required. A plain form: works without JavaScript."""

    template_name = "payment/dashboard/mark_paid.html"

    def render_page(self, payment, form, status=200):
        context = {"payment": payment, "form": form, "receipts": selectors.transfer_receipts(payment)}
        return render(self.request, self.template_name, context, status=status)

    def get_payment(self, pk):
        payment = get_object_or_404(OrderPayment.objects.select_related("order"), pk=pk)
        if payment.method != "bank_transfer" or payment.status != OrderPayment.Status.PENDING:
            messages.error(self.request, _("Pembayaran ini tidak menunggu transfer bank."))
            return payment, redirect("payment-dashboard:detail", pk=payment.pk)
        return payment, None

    def get(self, request, pk):
        payment, away = self.get_payment(pk)
        return away or self.render_page(payment, MarkPaidForm())

    def post(self, request, pk):
        payment, away = self.get_payment(pk)
        if away:
            return away
        form = MarkPaidForm(request.POST)
        if not form.is_valid():
            return self.render_page(payment, form, status=400)
        try:
            services.bank_transfer_mark_paid(
                payment=payment, reference=form.cleaned_data["reference"], by=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("payment-dashboard:detail", pk=payment.pk)
        messages.success(request, _("Pembayaran dicatat lunas; produsen dan pembeli diberi tahu."))
        return redirect("payment-dashboard:detail", pk=payment.pk)


@method_decorator(staff_required, name="dispatch")
class TransferReceiptImageView(View):
    """A buyer's transfer slip, to staff only (it shows a bank account): never a public URL."""

    def get(self, request, pk):
        receipt = get_object_or_404(TransferReceipt, pk=pk)
        try:
            image = receipt.image.open("rb")
        except FileNotFoundError as error:
            raise Http404 from error
        response = FileResponse(image, content_type=_image_type(receipt.image.name))
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response


def _image_type(name: str) -> str:
    # Receipts are re-encoded on upload (sellers.images) to one of these three.
    extension = name.rsplit(".", 1)[-1].lower()
    return {"png": "image/png", "webp": "image/webp"}.get(extension, "image/jpeg")
