"""Staff's page of buyers who lost cash on delivery: each blocked account or phone number,
the cancelled or refused COD parcels that did it, and a form that lifts the block
(payment.cod_services.cod_block_lift)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from payment.cod_services import cod_block_lift
from payment.selectors import cod_blocks
from staff.views import StaffRequiredMixin


class LiftForm(forms.Form):
    kind = forms.ChoiceField(choices=[("user", "user"), ("phone", "phone")], widget=forms.HiddenInput)
    key = forms.CharField(max_length=255, widget=forms.HiddenInput)
    reason = forms.CharField(label=gettext_lazy("Alasan mencabut blokir"), max_length=255)


class CodBlockListView(StaffRequiredMixin, TemplateView):
    template_name = "staff/cod_blocks.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["blocks"] = [
            (block, LiftForm(initial={"kind": block.kind, "key": block.key})) for block in cod_blocks()
        ]
        return context

    def post(self, request, *args, **kwargs):
        form = LiftForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Tulis alasan mencabut blokir COD."))
            return redirect("cod-dashboard:list")
        data = form.cleaned_data
        try:
            cod_block_lift(kind=data["kind"], key=data["key"], by=request.user, reason=data["reason"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("cod-dashboard:list")
        messages.success(request, _("Blokir COD dicabut; pembeli bisa memilih COD lagi."))
        return redirect("cod-dashboard:list")
