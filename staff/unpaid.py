"""Staff's page for unpaid orders that hold stock: grouped by e-mail and by client address,
each group with a button that releases it (payment.services.payments_release)."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView

from payment.selectors import payments_unpaid_of, unpaid_groups
from payment.services import payments_release
from staff.views import StaffRequiredMixin


class ReleaseForm(forms.Form):
    kind = forms.ChoiceField(choices=[("email", "email"), ("address", "address")], widget=forms.HiddenInput)
    key = forms.CharField(max_length=255, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=gettext_lazy("Alasan"),
        max_length=255,
        initial=gettext_lazy("Menimbun stok tanpa membayar"),
    )


class UnpaidOrderListView(StaffRequiredMixin, TemplateView):
    template_name = "staff/unpaid_orders.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        groups = unpaid_groups()
        context["groups"] = [
            (group, ReleaseForm(initial={"kind": group.kind, "key": group.key})) for group in groups
        ]
        return context

    def post(self, request, *args, **kwargs):
        form = ReleaseForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Pilih kelompok pesanan dan tulis alasannya."))
            return redirect("unpaid-dashboard:list")
        kind, key = form.cleaned_data["kind"], form.cleaned_data["key"]
        payments = payments_unpaid_of(**{kind: key}).select_related("order")
        reason = form.cleaned_data["reason"]
        released = payments_release(payments=list(payments), by=request.user, reason=reason)
        messages.success(
            request,
            ngettext(
                "%(count)s pesanan dari %(key)s dibatalkan; stoknya dijual lagi.",
                "%(count)s pesanan dari %(key)s dibatalkan; stoknya dijual lagi.",
                len(released),
            )
            % {"count": len(released), "key": key},
        )
        return redirect("unpaid-dashboard:list")
