"""The producer records what happened to a cash-on-delivery parcel: the cash received, or
the parcel refused at the door. Both go through payment.cod_services and the audit log."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View

from fulfilment import selectors as fulfilment_selectors
from payment import cod_services
from portal.access import SellerPortalMixin
from portal.forms import CodRefusedForm
from sellers import services as seller_services


class OrderCodView(SellerPortalMixin, View):
    def post(self, request, number):
        seller_order = get_object_or_404(
            fulfilment_selectors.seller_orders(seller=self.seller), number=number
        )
        action = request.POST.get("action")
        try:
            if action == "cash":
                cod_services.cod_cash_record(seller_order=seller_order, by=request.user)
                seller_services.audit_record(
                    actor=request.user, seller=self.seller, action="cod_cash", obj=seller_order
                )
                messages.success(request, _("Uang COD tercatat diterima; pesanan lunas dan selesai."))
            elif action == "refused":
                form = CodRefusedForm(request.POST)
                form.is_valid()  # both fields are optional: an unticked box means no restock
                restock = bool(form.cleaned_data.get("restock"))
                note = form.cleaned_data.get("note", "")
                cod_services.cod_parcel_refuse(
                    seller_order=seller_order, by=request.user, restock=restock, note=note
                )
                seller_services.audit_record(
                    actor=request.user,
                    seller=self.seller,
                    action="cod_refused",
                    obj=seller_order,
                    restock=restock,
                    note=note,
                )
                messages.success(request, _("Paket COD dicatat ditolak; pesanan ini dibatalkan."))
            else:
                messages.error(request, _("Tindakan tidak dikenal."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(seller_order.get_absolute_url())
