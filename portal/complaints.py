"""The producer's side of the resolution centre: their complaints with deadlines, the answer
form, and cancellation requests to accept or refuse. Everything is read through
request.seller (portal.access), so another producer's complaint is simply not found (404)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from complaints import selectors, services
from complaints.forms import (
    CancellationAnswerForm,
    ComplaintAnswerForm,
    ComplaintMessageForm,
    ReplacementShipForm,
)
from complaints.models import ComplaintEvent
from core.forms import form_errors_from
from portal.access import SellerPortalMixin


class ComplaintListView(SellerPortalMixin, ListView):
    template_name = "portal/complaint_list.html"
    context_object_name = "complaints"
    paginate_by = 20

    def get_queryset(self):
        return selectors.seller_complaints(seller=self.seller)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cancellation_requests"] = selectors.seller_cancellation_requests(seller=self.seller)
        return context


class ComplaintDetailView(SellerPortalMixin, View):
    template_name = "portal/complaint_detail.html"

    def get_complaint(self, number):
        return get_object_or_404(selectors.seller_complaints(seller=self.seller), seller_order__number=number)

    def render_page(self, complaint, answer_form=None, message_form=None, status=200, replacement_form=None):
        context = {
            "seller": self.seller,
            "complaint": complaint,
            "seller_order": complaint.seller_order,
            "events": selectors.complaint_thread(complaint),
            "photos": selectors.complaint_photos(complaint),
            "answer_form": answer_form or ComplaintAnswerForm(),
            "message_form": message_form or ComplaintMessageForm(),
            "replacement_form": replacement_form or ReplacementShipForm(),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, number):
        return self.render_page(self.get_complaint(number))

    def post(self, request, number):
        complaint = self.get_complaint(number)
        action = request.POST.get("action")
        if action in ("replacement_ship", "replacement_received"):
            return self.replacement(request, complaint, action)
        if action == "message":
            form = ComplaintMessageForm(request.POST)
            if not form.is_valid():
                return self.render_page(complaint, message_form=form, status=400)
            try:
                services.complaint_message(
                    complaint=complaint,
                    role=ComplaintEvent.Role.PRODUCER,
                    text=form.cleaned_data["text"],
                    by=request.user,
                )
            except ValidationError as error:
                form_errors_from(error, form)
                return self.render_page(complaint, message_form=form, status=400)
            messages.success(request, _("Pesan terkirim ke pembeli."))
            return redirect("sellers:portal-complaint", number)
        form = ComplaintAnswerForm(request.POST)
        if not form.is_valid():
            return self.render_page(complaint, answer_form=form, status=400)
        data = form.cleaned_data
        try:
            if data["answer"] == form.REJECT:
                services.complaint_reject(complaint=complaint, reason=data["note"], by=request.user)
            else:
                services.complaint_offer(
                    complaint=complaint,
                    offer=data["answer"],
                    amount=data["amount"],
                    note=data["note"],
                    return_courier=data["return_courier"],
                    return_tracking_number=data["return_tracking_number"],
                    by=request.user,
                )
        except ValidationError as error:
            if hasattr(error, "error_dict") and "reason" in error.error_dict:
                error = ValidationError({"note": error.error_dict["reason"]})
            form_errors_from(error, form)
            return self.render_page(complaint, answer_form=form, status=400)
        messages.success(request, _("Jawaban Anda terkirim ke pembeli."))
        return redirect("sellers:portal-complaint", number)

    def replacement(self, request, complaint, action):
        """The missing items or exchanged goods the buyer accepted: their waybill, then their arrival."""
        number = complaint.seller_order.number
        try:
            if action == "replacement_received":
                services.complaint_replacement_receive(
                    complaint=complaint, role=ComplaintEvent.Role.PRODUCER, by=request.user
                )
                messages.success(request, _("Komplain selesai; dana pesanan diteruskan ke Anda."))
                return redirect("sellers:portal-complaint", number)
            form = ReplacementShipForm(request.POST)
            if not form.is_valid():
                return self.render_page(complaint, replacement_form=form, status=400)
            services.complaint_replacement_ship(complaint=complaint, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            if action == "replacement_received":
                messages.error(request, " ".join(error.messages))
                return redirect("sellers:portal-complaint", number)
            form_errors_from(error, form)
            return self.render_page(complaint, replacement_form=form, status=400)
        messages.success(request, _("Resi barang pengganti terkirim ke pembeli."))
        return redirect("sellers:portal-complaint", number)


class CancellationAnswerView(SellerPortalMixin, View):
    def post(self, request, pk):
        cancellation = get_object_or_404(selectors.seller_cancellation_requests(seller=self.seller), pk=pk)
        form = CancellationAnswerForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Pilih setujui atau tolak."))
        else:
            try:
                services.cancellation_request_answer(
                    request=cancellation,
                    accept=form.cleaned_data["accept"],
                    answer=form.cleaned_data["answer"],
                    by=request.user,
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Jawaban Anda terkirim ke pembeli."))
        return redirect(cancellation.seller_order.get_absolute_url())
