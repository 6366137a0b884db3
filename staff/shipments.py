"""Staff and producers' parcels: the parts past their ship-by date (the scheduler cancels them
SHIP_BY_GRACE_DAYS later), and a parcel marked arrived from the order page, each through
fulfilment's services."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from fulfilment import selectors as fulfilment_selectors
from fulfilment import services as fulfilment_services
from fulfilment.models import SellerOrder
from staff.views import StaffRequiredMixin


class LateOrderListView(StaffRequiredMixin, ListView):
    template_name = "staff/late_orders.html"
    context_object_name = "seller_orders"
    paginate_by = 50

    def get_queryset(self):
        return fulfilment_selectors.seller_orders_late().select_related("seller__village__district__regency")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["grace_days"] = settings.SHIP_BY_GRACE_DAYS
        return context


class SellerOrderDeliverView(StaffRequiredMixin, View):
    """The courier's page (or the buyer, by phone) says the parcel arrived: the money stays
    held until the buyer confirms or ESCROW_RELEASE_DAYS_AFTER_DELIVERY pass."""

    def post(self, request, pk):
        seller_order = get_object_or_404(SellerOrder.objects.select_related("order"), pk=pk)
        try:
            fulfilment_services.seller_order_deliver(seller_order=seller_order, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Paket %(number)s ditandai sudah sampai.") % {"number": seller_order.number}
            )
        return redirect("dashboard:order-detail", number=seller_order.order.number)
