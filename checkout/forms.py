from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from oscar.apps.checkout.forms import GatewayForm as OscarGatewayForm

from core.digits import plain_digits_validator
from core.phones import IndonesianPhoneField
from regions.forms import RegionChainMixin


class GatewayForm(OscarGatewayForm):
    """Oscar's, with the password input named for screen readers: Oscar's gateway template
    renders it without a label.

    The password box is not ``required`` in the HTML: only Oscar's JavaScript disables it for
    guests, so without JavaScript the browser refused "tamu" until a password was typed. The
    server still asks for it when the buyer says they have an account."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].widget.attrs.setdefault("aria-label", _("Kata sandi"))
        self.fields["password"].required = False

    def clean(self):
        if self.cleaned_data.get("options") == self.EXISTING and not self.cleaned_data.get("password"):
            self.add_error("password", self.fields["password"].error_messages["required"])
            return self.cleaned_data
        return super().clean()


_postcode_shape = RegexValidator(r"^[0-9]{5}$", _("Kode pos terdiri dari 5 angka."))


def postcode_validator(value: str) -> None:
    # [0-9], not \d, which takes any script's digits; those get core.digits' own message.
    plain_digits_validator(value)
    _postcode_shape(value)


class IndonesianAddressForm(RegionChainMixin, forms.Form):
    name = forms.CharField(label=_("Nama penerima"), max_length=255)
    phone_number = IndonesianPhoneField(
        label=_("Nomor HP"),
        help_text=_("Untuk kurir, mis. 0812 3456 7890."),
    )
    street = forms.CharField(
        label=_("Alamat jalan"),
        max_length=255,
        help_text=_("Nama jalan, nomor rumah, RT/RW."),
    )
    postcode = forms.CharField(label=_("Kode pos"), max_length=5, validators=[postcode_validator])
    notes = forms.CharField(
        label=_("Catatan untuk kurir"), max_length=255, required=False, widget=forms.TextInput()
    )

    field_order = [
        "name",
        "phone_number",
        "street",
        "province",
        "regency",
        "district",
        "village",
        "postcode",
        "notes",
    ]

    def __init__(self, *args, initial_village=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_region_fields(initial_village=initial_village)
        self.order_fields(self.field_order)

    def clean(self):
        cleaned = super().clean()
        self.clean_region_chain(cleaned)
        return cleaned

    def address_fields(self) -> dict:
        """Oscar's address columns, filled from the official region names."""
        data = self.cleaned_data
        village = data["village"]
        return {
            "first_name": data["name"],
            "line1": data["street"],
            "line2": f"{village}, {village.district}",
            "line3": str(village.district.regency),
            "line4": village.district.regency.name,
            "state": village.district.regency.province.name,
            "postcode": data["postcode"],
            "phone_number": data["phone_number"],
            "notes": data.get("notes", ""),
        }


class ShippingChoiceForm(forms.Form):
    """One radio group per producer: each courier service reaching the buyer's kabupaten,
    cheapest first and preselected, and pickup where the producer offers it."""

    def __init__(self, *args, quotes: dict, groups, unreachable_message, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = groups
        for group in groups:
            options = quotes[group.seller.pk]
            keys = [quote.key for quote in options]
            name = str(group.seller.pk)
            if self.initial.get(name) not in keys:
                self.initial[name] = keys[0] if keys else None
            self.fields[name] = forms.ChoiceField(
                label=group.seller.name,
                choices=[(quote.key, quote) for quote in options],
                widget=forms.RadioSelect,
                error_messages={
                    "required": unreachable_message(group) if not options else _("Pilih pengiriman.")
                },
            )


class PaymentMethodForm(forms.Form):
    method = forms.ChoiceField(label=_("Cara bayar"), widget=forms.RadioSelect)

    def __init__(self, *args, methods: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = [(code, method.name) for code, method in methods.items()]
        self.methods = methods
