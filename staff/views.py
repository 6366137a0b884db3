"""Program staff's pages for producers, inside Oscar's dashboard.

Staff only, like the rest of Oscar's dashboard: anonymous visitors are sent to the
dashboard login, signed-in users who are not staff get 403.
"""

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.generic import ListView, TemplateView
from oscar.views.decorators import permissions_required

from catalog import selectors as catalog_selectors
from core.money import rupiah_digits
from core.times import CSV_TIME_HEADER, wib_format
from fulfilment import selectors as fulfilment_selectors
from ledger import selectors as ledger_selectors
from ledger.services import ledger_balance, seller_payout_record
from sellers import selectors as seller_selectors
from sellers.models import SellerProfile
from sellers.services import seller_actions_allowed, seller_status_decide
from staff import selectors
from staff.forms import PayoutForm, PayoutSearchForm, SellerSearchForm, SellerStatusForm

staff_required = permissions_required(["is_staff"], login_url=reverse_lazy("dashboard:login"))


class StaffRequiredMixin:
    @method_decorator(staff_required)
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)


class SellerListView(StaffRequiredMixin, ListView):
    template_name = "staff/seller_list.html"
    context_object_name = "sellers"
    paginate_by = 25
    # Set by the applications page, which only ever lists one status.
    status = ""

    def get_queryset(self):
        self.form = SellerSearchForm(self.request.GET or None, fixed_status=self.status)
        filters = self.form.cleaned_data if self.form.is_valid() else {}
        return selectors.seller_list_for_staff(
            status=self.status or filters.get("status", ""),
            province=filters.get("province"),
            query=filters.get("q", ""),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = self.form
        context["is_applications"] = bool(self.status)
        context["status_counts"] = seller_selectors.seller_status_counts()
        context["reset_url"] = self.request.path
        return context


class SellerDetailView(StaffRequiredMixin, TemplateView):
    """Everything staff need to decide on a producer and pay it, with the forms to do so."""

    template_name = "staff/seller_detail.html"

    def get_seller(self) -> SellerProfile:
        try:
            return seller_selectors.seller_for_staff(pk=self.kwargs["pk"])
        except SellerProfile.DoesNotExist:
            raise Http404 from None

    def get(self, request, *args, **kwargs):
        self.seller = self.get_seller()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, *, status_form=None, payout_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        seller = self.seller
        forms = [SellerStatusForm(action=action) for action in seller_actions_allowed(status=seller.status)]
        if status_form is not None:
            # Keep what staff typed and the errors on the form they sent.
            forms = [status_form if form.action == status_form.action else form for form in forms]
        context.update(
            seller=seller,
            status_forms=forms,
            failed_status_form=status_form,
            payout_form=payout_form or PayoutForm(),
            balance=ledger_balance(seller=seller),
            balances=ledger_selectors.seller_balances(seller=seller),
            products=catalog_selectors.seller_products_priced(seller=seller)[:50],
            seller_orders=fulfilment_selectors.seller_recent_orders(seller=seller),
            ledger_entries=ledger_selectors.seller_ledger_entries(seller=seller),
            program_costs=ledger_selectors.program_costs(seller=seller)[:50],
            audit_entries=seller_selectors.seller_audit_entries(seller=seller),
        )
        return context

    def get_success_url(self) -> str:
        return reverse("sellers-dashboard:seller-detail", kwargs={"pk": self.seller.pk})


class SellerStatusView(SellerDetailView):
    """POST only: one decision on the producer; on bad input the detail page is shown again."""

    http_method_names = ["post"]
    action = ""

    def post(self, request, *args, **kwargs):
        self.seller = self.get_seller()
        form = SellerStatusForm(request.POST, action=self.action)
        if form.is_valid():
            try:
                seller_status_decide(
                    seller=self.seller,
                    action=self.action,
                    actor=request.user,
                    reason=form.cleaned_data.get("reason", ""),
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, self.success_message())
                return redirect(self.get_success_url())
        self.seller.refresh_from_db()
        return self.render_to_response(self.get_context_data(status_form=form))

    def success_message(self) -> str:
        name = self.seller.name
        return {
            "approve": _("%(name)s disetujui; produsen diberi tahu lewat e-mail."),
            "reapprove": _("%(name)s aktif kembali; produsen diberi tahu lewat e-mail."),
            "reject": _("Pendaftaran %(name)s ditolak; produsen diberi tahu lewat e-mail."),
            "suspend": _("%(name)s ditangguhkan; produsen diberi tahu lewat e-mail."),
        }[self.action] % {"name": name}


class SellerPayoutCreateView(SellerDetailView):
    """POST only: record a bank transfer made to the producer."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.seller = self.get_seller()
        form = PayoutForm(request.POST)
        if form.is_valid():
            try:
                entry = seller_payout_record(
                    seller=self.seller,
                    amount=form.cleaned_data["amount"],
                    reference=form.cleaned_data["reference"],
                    actor=request.user,
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(
                    request,
                    _("Pencairan Rp %(amount)s untuk %(name)s tercatat (ref. %(reference)s).")
                    % {
                        "amount": rupiah_digits(-entry.amount),
                        "name": self.seller.name,
                        "reference": entry.reference,
                    },
                )
                return redirect(self.get_success_url())
        return self.render_to_response(self.get_context_data(payout_form=form))


class PayoutListView(StaffRequiredMixin, ListView):
    template_name = "staff/payout_list.html"
    context_object_name = "payouts"
    paginate_by = 50

    def get_queryset(self):
        self.form = PayoutSearchForm(self.request.GET or None)
        filters = self.form.cleaned_data if self.form.is_valid() else {}
        return ledger_selectors.payout_list(
            seller=filters.get("seller"), date_from=filters.get("date_from"), date_to=filters.get("date_to")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        total = self.object_list.aggregate(total=Sum("amount"))["total"]
        context.update(
            form=self.form,
            total=-total if total else 0,
            export_query=self.request.GET.urlencode(),
        )
        return context


def _csv_safe(value) -> str:
    # A spreadsheet would run a cell starting with one of these as a formula.
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class PayoutExportView(PayoutListView):
    paginate_by = None

    def get(self, request, *args, **kwargs):
        payouts = self.get_queryset()
        if self.form.is_bound and not self.form.is_valid():
            return HttpResponse(
                _("Filter tidak valid."), status=400, content_type="text/plain; charset=utf-8"
            )
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        filename = f"pencairan-{timezone.localdate():%Y%m%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        writer = csv.writer(response)
        writer.writerow(
            [
                CSV_TIME_HEADER,
                _("Produsen"),
                _("Desa"),
                _("Kabupaten/kota"),
                _("Jumlah (Rp)"),
                _("Referensi"),
                _("Dicatat oleh"),
                _("Keterangan"),
            ]
        )
        for entry in payouts.iterator(chunk_size=500):
            village = entry.seller.village
            writer.writerow(
                [
                    wib_format(entry.created_at),
                    _csv_safe(entry.seller.name),
                    _csv_safe(village.name),
                    _csv_safe(str(village.district.regency)),
                    f"{entry.paid_amount:.0f}",
                    _csv_safe(entry.reference),
                    _csv_safe(entry.created_by.get_username() if entry.created_by_id else ""),
                    _csv_safe(entry.memo),
                ]
            )
        return response
