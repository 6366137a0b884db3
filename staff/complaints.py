"""Staff's resolution centre: open complaints with their deadlines (filter by producer and
village), and the decision form. The decision is also issue 16's "staff button" for a
complaint's escrow: the refund from held money, then the rest released to the producer."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from complaints import selectors, services
from complaints.forms import ComplaintDecisionForm, ComplaintFilterForm
from complaints.models import Complaint
from complaints.services.refunds import part_refundable
from core.forms import form_errors_from
from ledger import selectors as ledger_selectors
from staff.views import StaffRequiredMixin


class ComplaintListView(StaffRequiredMixin, ListView):
    template_name = "staff/complaint_list.html"
    context_object_name = "complaints"
    paginate_by = 50

    def get_queryset(self):
        self.form = ComplaintFilterForm(self.request.GET or None)
        filters = self.form.cleaned_data if self.form.is_valid() else {}
        return selectors.complaints_for_staff(
            status=filters.get("status") or "open",
            seller=filters.get("seller"),
            village=filters.get("village"),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = self.form
        return context


class ComplaintDetailView(StaffRequiredMixin, View):
    template_name = "staff/complaint_detail.html"

    def render_page(self, complaint, form=None, status=200):
        context = {
            "complaint": complaint,
            "seller_order": complaint.seller_order,
            "events": selectors.complaint_thread(complaint),
            "photos": selectors.complaint_photos(complaint),
            "refundable": part_refundable(complaint.seller_order),
            # Return shipping the program bore: its own cost, not the producer's.
            "program_costs": ledger_selectors.program_costs(seller_order_ids=[complaint.seller_order_id]),
            "form": form or ComplaintDecisionForm(initial={"refund_amount": complaint.offer_amount or 0}),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, pk):
        return self.render_page(get_object_or_404(Complaint, pk=pk))

    def post(self, request, pk):
        complaint = get_object_or_404(Complaint, pk=pk)
        form = ComplaintDecisionForm(request.POST)
        if not form.is_valid():
            return self.render_page(complaint, form, status=400)
        try:
            services.complaint_decide(complaint=complaint, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors_from(error, form)
            return self.render_page(complaint, form, status=400)
        messages.success(request, _("Keputusan tersimpan; kedua pihak diberi tahu."))
        return redirect("complaints-dashboard:detail", pk)
