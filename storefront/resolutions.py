"""The buyer's resolution centre, behind the order's secret link (guests included, and the
account's order page links through it): cancel a producer's part, open a complaint about it,
follow the thread, accept the producer's answer or ask staff to decide, say a replacement
arrived. No JavaScript needed.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from checkout.views import order_status_url
from complaints import selectors, services
from complaints.forms import CancelForm, ComplaintMessageForm, ComplaintOpenForm
from complaints.models import Complaint, ComplaintEvent
from core.forms import form_errors_from
from payment.models import OrderPayment
from payment.selectors import refund_account_wanted
from storefront.receipts import seller_order_from_link


def _refund_account_page(seller_order, token):
    """A refund by bank transfer was just made: the buyer now says where it goes (the
    payment app's existing form); other methods refund by themselves (None)."""
    payment = OrderPayment.objects.get(order_id=seller_order.order_id)
    if refund_account_wanted(payment):
        return redirect("payment:refund-account", seller_order.order.number, token)
    return None


class PartFormView(View):
    """A page about one part with one form: the part, its lines and what the buyer may do."""

    template_name = ""

    def render_page(self, seller_order, form, token, status=200):
        context = {
            "seller_order": seller_order,
            "lines": list(seller_order.lines()),
            "resolution": selectors.part_resolution(seller_order=seller_order),
            "form": form,
            "token": token,
        }
        return render(self.request, self.template_name, context, status=status)


class CancelView(PartFormView):
    template_name = "storefront/cancel_confirm.html"

    def get(self, request, number, token, part):
        seller_order = seller_order_from_link(number, token, part)
        if not selectors.part_resolution(seller_order=seller_order).cancel:
            messages.error(request, _("Pesanan ini tidak bisa dibatalkan lagi."))
            return redirect(order_status_url(seller_order.order))
        return self.render_page(seller_order, CancelForm(), token)

    def post(self, request, number, token, part):
        seller_order = seller_order_from_link(number, token, part)
        form = CancelForm(request.POST)
        if not form.is_valid():
            return self.render_page(seller_order, form, token, status=400)
        try:
            cancellation = services.seller_order_cancel_by_buyer(
                seller_order=seller_order, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(order_status_url(seller_order.order))
        if cancellation.status == cancellation.Status.REQUESTED:
            messages.success(
                request, _("Permintaan pembatalan terkirim ke produsen; jawabannya kami kirim lewat e-mail.")
            )
            return redirect(order_status_url(seller_order.order))
        messages.success(request, _("Pesanan dari %(name)s dibatalkan.") % {"name": seller_order.seller.name})
        return _refund_account_page(seller_order, token) or redirect(order_status_url(seller_order.order))


def _complaint_url(seller_order, token) -> str:
    return reverse("orders:complaint", args=[seller_order.order.number, token, seller_order.number])


class ComplaintOpenView(PartFormView):
    template_name = "storefront/complaint_open.html"

    def reasons(self, seller_order):
        if seller_order.status == seller_order.Status.SHIPPED:
            return [Complaint.Reason.NOT_ARRIVED]  # before arrival only "not arrived" makes sense
        return None

    def get(self, request, number, token, part):
        seller_order = seller_order_from_link(number, token, part)
        if hasattr(seller_order, "complaint"):
            return redirect(_complaint_url(seller_order, token))
        resolution = selectors.part_resolution(seller_order=seller_order)
        if not resolution.can_complain:
            messages.error(request, _("Komplain tidak bisa diajukan untuk pesanan ini."))
            return redirect(order_status_url(seller_order.order))
        return self.render_page(seller_order, ComplaintOpenForm(reasons=self.reasons(seller_order)), token)

    def post(self, request, number, token, part):
        seller_order = seller_order_from_link(number, token, part)
        form = ComplaintOpenForm(request.POST, request.FILES, reasons=self.reasons(seller_order))
        if not form.is_valid():
            return self.render_page(seller_order, form, token, status=400)
        try:
            services.complaint_open(
                seller_order=seller_order,
                reason=form.cleaned_data["reason"],
                description=form.cleaned_data["description"],
                photos=form.cleaned_data["photos"],
                by=request.user,
            )
        except ValidationError as error:
            form_errors_from(error, form)
            return self.render_page(seller_order, form, token, status=400)
        messages.success(request, _("Komplain terkirim. Dana pesanan ini ditahan sampai komplain selesai."))
        return redirect(_complaint_url(seller_order, token))


class ComplaintView(View):
    """The thread, and the buyer's buttons: accept the answer, ask staff, write a message."""

    template_name = "storefront/complaint_detail.html"

    def get_complaint(self, number, token, part):
        seller_order = seller_order_from_link(number, token, part)
        complaint = getattr(seller_order, "complaint", None)
        if complaint is None:
            raise Http404
        return complaint

    def render_page(self, complaint, token, message_form=None, status=200):
        context = {
            "complaint": complaint,
            "seller_order": complaint.seller_order,
            "events": selectors.complaint_thread(complaint),
            "photos": selectors.complaint_photos(complaint),
            "can_escalate": selectors.complaint_escalatable(complaint),
            "message_form": message_form or ComplaintMessageForm(),
            "token": token,
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, number, token, part):
        return self.render_page(self.get_complaint(number, token, part), token)

    def post(self, request, number, token, part):
        complaint = self.get_complaint(number, token, part)
        action = request.POST.get("action")
        try:
            if action == "accept":
                services.complaint_accept(complaint=complaint, by=request.user)
                messages.success(request, _("Terima kasih; komplain selesai."))
                account_page = _refund_account_page(complaint.seller_order, token)
                if account_page:
                    return account_page
            elif action == "escalate":
                services.complaint_escalate(
                    complaint=complaint, text=request.POST.get("text", ""), by=request.user
                )
                messages.success(request, _("Staf Pasar Desmigratif akan memutuskan komplain ini."))
            elif action == "replacement_received":
                services.complaint_replacement_receive(
                    complaint=complaint, role=ComplaintEvent.Role.BUYER, by=request.user
                )
                messages.success(request, _("Terima kasih; komplain selesai."))
            elif action == "message":
                form = ComplaintMessageForm(request.POST)
                if not form.is_valid():
                    return self.render_page(complaint, token, message_form=form, status=400)
                services.complaint_message(
                    complaint=complaint,
                    role=ComplaintEvent.Role.BUYER,
                    text=form.cleaned_data["text"],
                    by=request.user,
                )
                messages.success(request, _("Pesan terkirim."))
            else:
                messages.error(request, _("Pilih salah satu tombol."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(_complaint_url(complaint.seller_order, token))
