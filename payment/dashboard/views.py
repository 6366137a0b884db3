"""Staff pages for payments: confirm bank transfers, cancel, refund, confirm delivery."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView
from oscar.views.decorators import permissions_required

from fulfilment import services as fulfilment_services
from fulfilment.models import SellerOrder
from payment import services
from payment.dashboard.forms import PaymentFilterForm, RefundForm
from payment.models import OrderPayment

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
                condition = Q(order__number__icontains=query)
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
            },
            status=status,
        )

    def get(self, request, pk):
        return self.render_page(self.get_payment(pk))

    def post(self, request, pk):
        payment = self.get_payment(pk)
        action = request.POST.get("action")
        try:
            if action == "mark_paid":
                if payment.method != "bank_transfer":
                    raise ValidationError(_("Pembayaran kartu dikonfirmasi oleh Stripe, bukan oleh staf."))
                services.payment_mark_succeeded(
                    payment=payment, reference=request.POST.get("reference", "").strip(), by=request.user
                )
                messages.success(request, _("Pembayaran dicatat lunas; produsen diberi tahu."))
            elif action == "cancel":
                services.payment_cancel(payment=payment)
                messages.success(request, _("Pesanan dibatalkan dan stok dikembalikan."))
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
