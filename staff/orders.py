"""Oscar's order dashboard with no status of its own: the payment decides the order's status.

Oscar lets staff set any status of the pipeline, and any line status, by hand; that made an
order "Paid" whose payment was still waiting and told no producer. Here the status form is
routed to the payment services (payment.services), which move the payment, the producers'
parts, the stock and the order's status together and record who did it: "Paid" asks for
the bank reference on the payment's confirmation page, "Cancelled" cancels through
payment_cancel, a refund goes through the refund form. Line statuses mirror the producers'
parts (fulfilment) and are not set here either.
"""

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from oscar.core.loading import get_class, get_model

from order.statuses import order_status_label
from payment import services as payment_services
from staff.search_filters import TranslatedSearchFiltersMixin

OscarOrderDetailView = get_class("dashboard.orders.views", "OrderDetailView")
OscarOrderListView = get_class("dashboard.orders.views", "OrderListView")
OscarOrderSearchForm = get_class("dashboard.orders.forms", "OrderSearchForm")
Order = get_model("order", "Order")


def order_status_route(request, order):
    """Where a status chosen in Oscar's dashboard is carried out; a redirect response."""
    new_status = request.POST.get("new_status", "").strip()
    try:
        payment = order.payment
    except ObjectDoesNotExist:
        messages.error(request, _("Pesanan ini tidak punya catatan pembayaran."))
        return redirect("dashboard:order-detail", number=order.number)
    if new_status == "Paid":
        # The reference is asked for on a confirmation page; nothing changes yet.
        return redirect("payment-dashboard:mark-paid", pk=payment.pk)
    if new_status in ("Refunded", "Partially refunded"):
        return redirect(reverse("payment-dashboard:detail", args=[payment.pk]) + "#refund")
    if new_status == "Cancelled":
        try:
            payment_services.payment_cancel(
                payment=payment, reason=_("Dibatalkan oleh staf"), by=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Pesanan dibatalkan dan stok dikembalikan."))
        return redirect("dashboard:order-detail", number=order.number)
    messages.error(request, _("Status ini tidak bisa dipilih; status pesanan mengikuti pembayarannya."))
    return redirect("dashboard:order-detail", number=order.number)


class OrderDetailView(OscarOrderDetailView):
    template_name = "staff/order_detail.html"
    # Notes stay Oscar's; the status goes through order_status_route; no line actions.
    order_actions = ("save_note", "delete_note", "change_order_status")
    line_actions = ()

    def change_order_status(self, request, order):
        return order_status_route(request, order)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["payment"] = getattr(self.object, "payment", None)
        context["seller_orders"] = self.object.seller_orders.select_related(
            "seller", "courier_service__courier"
        )
        return context


class OrderSearchForm(OscarOrderSearchForm):
    """Oscar's order search, its status filter showing each status's label."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            ("", "---------"),
            *((status, order_status_label(status)) for status in Order.all_statuses()),
        ]


class OrderListView(TranslatedSearchFiltersMixin, OscarOrderListView):
    """The list keeps its CSV download; statuses are changed one order at a time, as above."""

    template_name = "staff/order_list.html"
    form_class = OrderSearchForm
    actions = ("download_selected_orders",)
