import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.digits import is_plain_number
from regions.models import Province
from sellers.models import SellerProfile
from sellers.services import STATUS_ACTIONS


class SellerSearchForm(forms.Form):
    q = forms.CharField(label=_("Nama produsen atau desa"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Semua status")), *SellerProfile.Status.choices]
    )
    province = forms.ModelChoiceField(
        label=_("Provinsi"),
        required=False,
        queryset=Province.objects.order_by("name"),
        empty_label=_("Semua provinsi"),
    )

    def __init__(self, *args, fixed_status: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if fixed_status:
            # The applications page always lists applications.
            del self.fields["status"]

    @property
    def is_filtered(self) -> bool:
        return self.is_bound and any(self.data.get(name) for name in self.fields)


def _add_service_error(form: forms.Form, error: ValidationError, field_names: dict[str, str]) -> None:
    """Show a service's ValidationError on the form field it concerns, or above the form."""
    if hasattr(error, "error_dict"):
        for key, errors in error.error_dict.items():
            form.add_error(field_names.get(key), errors)
    else:
        form.add_error(None, error)


class SellerStatusForm(forms.Form):
    """One decision on a producer; a reason is required to reject or suspend."""

    reason = forms.CharField(
        label=_("Alasan (dikirim ke produsen)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, action: str, **kwargs):
        super().__init__(*args, prefix=action, **kwargs)
        self.action = action
        self.url_name = f"sellers-dashboard:seller-{action}"
        _sources, self.needs_reason, self.label = STATUS_ACTIONS[action]
        if self.needs_reason:
            self.fields["reason"].required = True
            self.fields["reason"].error_messages["required"] = _(
                "Tuliskan alasannya agar produsen tahu apa yang perlu diperbaiki."
            )
        else:
            del self.fields["reason"]

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if self.needs_reason and not reason:
            raise ValidationError(self.fields["reason"].error_messages["required"])
        return reason

    def add_service_error(self, error: ValidationError) -> None:
        _add_service_error(self, error, {"status_reason": "reason" if self.needs_reason else None})


_GROUPED_RUPIAH = re.compile(r"^[0-9]{1,3}(\.[0-9]{3})+$")


class RupiahField(forms.CharField):
    """Whole Rupiah as staff type them: 1500000, 1.500.000 or Rp 1.500.000."""

    default_error_messages = {
        "invalid": _("Tulis jumlah dalam Rupiah tanpa sen, mis. 1.500.000."),
    }

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        value = re.sub(r"^rp\.?", "", value.strip(), flags=re.IGNORECASE).replace(" ", "")
        if _GROUPED_RUPIAH.match(value):
            value = value.replace(".", "")
        if not is_plain_number(value) or len(value) > 12:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return Decimal(value)


class PayoutForm(forms.Form):
    amount = RupiahField(
        label=_("Jumlah (Rp)"), widget=forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 20})
    )
    reference = forms.CharField(
        label=_("Referensi transfer bank"),
        max_length=100,
        help_text=_("Nomor referensi dari bukti transfer."),
        error_messages={"required": _("Isi nomor referensi transfer bank.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="payout", **kwargs)

    def clean_amount(self) -> Decimal:
        amount = self.cleaned_data["amount"]
        if amount <= 0:
            raise ValidationError(_("Jumlah pencairan harus lebih dari nol."))
        return amount

    def clean_reference(self) -> str:
        reference = self.cleaned_data["reference"].strip()
        if not reference:
            raise ValidationError(self.fields["reference"].error_messages["required"])
        return reference

    def add_service_error(self, error: ValidationError) -> None:
        _add_service_error(self, error, {"amount": "amount", "reference": "reference"})


class PayoutSearchForm(forms.Form):
    seller = forms.ModelChoiceField(
        label=_("Produsen"),
        required=False,
        queryset=SellerProfile.objects.only("pk", "name").order_by("name"),
        empty_label=_("Semua produsen"),
    )
    date_from = forms.DateField(
        label=_("Dari tanggal"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=_("Sampai tanggal"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            raise ValidationError(_("Tanggal awal harus sebelum tanggal akhir."))
        return cleaned

    @property
    def is_filtered(self) -> bool:
        return self.is_bound and any(self.data.get(name) for name in self.fields)
