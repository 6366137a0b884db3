"""An Indonesian delivery address: who, a phone number for the courier, the street, and the
official provinsi → kabupaten/kota → kecamatan → desa (regions.forms), with a postcode.

The checkout's address step and the buyer's address book (Oscar's customer views, which load
UserAddressForm from here through get_class) use the same fields. Every input says what it
holds (``autocomplete``) and which keyboard a phone should show (``inputmode``): browsers fill
a saved address in, and phone and postcode get the number pad.
"""

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from address import services
from core.digits import plain_digits_validator
from core.phones import IndonesianPhoneField
from regions.forms import RegionChainMixin

UserAddress = get_model("address", "UserAddress")

_postcode_shape = RegexValidator(r"^[0-9]{5}$", _("Kode pos terdiri dari 5 angka."))


def postcode_validator(value: str) -> None:
    # [0-9], not \d, which takes any script's digits; those get core.digits' own message.
    plain_digits_validator(value)
    _postcode_shape(value)


# The autofill tokens of the HTML standard for each field; the region selects are the levels
# of the address, biggest first.
AUTOCOMPLETE = {
    "name": "name",
    "phone_number": "tel",
    "street": "address-line1",
    "province": "address-level1",
    "regency": "address-level2",
    "district": "address-level3",
    "village": "address-level4",
    "postcode": "postal-code",
    "notes": "off",
}


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
    postcode = forms.CharField(
        label=_("Kode pos"),
        max_length=5,
        validators=[postcode_validator],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "pattern": "[0-9]{5}"}),
    )
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
        for name, field in self.fields.items():
            field.widget.attrs["autocomplete"] = AUTOCOMPLETE[name]
            # Bootstrap's full-width inputs: on a phone each box spans the screen.
            field.widget.attrs.setdefault("class", "form-control")

    def clean(self):
        cleaned = super().clean()
        self.clean_region_chain(cleaned)
        return cleaned

    def address_fields(self) -> dict:
        """Oscar's address columns, filled from the official region names."""
        data = self.cleaned_data
        return services.address_columns(
            name=data["name"],
            street=data["street"],
            village=data["village"],
            postcode=data["postcode"],
            phone_number=data["phone_number"],
            notes=data.get("notes", ""),
        )


class UserAddressForm(IndonesianAddressForm):
    """The address book's form: the checkout's fields, kept as one of the buyer's UserAddresses.

    Takes what Oscar's AddressCreateView and AddressUpdateView pass a ModelForm (the user, an
    ``instance``) and saves like one.
    """

    def __init__(self, user, *args, instance=None, **kwargs):
        self.instance = instance if instance is not None else UserAddress(user=user)
        self.instance.user = user
        village = None
        if self.instance.pk:
            village = self.instance.village
            kwargs["initial"] = {
                "name": self.instance.first_name,
                "phone_number": str(self.instance.phone_number or ""),
                "street": self.instance.line1,
                "postcode": self.instance.postcode,
                "notes": self.instance.notes,
                **(kwargs.get("initial") or {}),
            }
        super().__init__(*args, initial_village=village, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            services.user_address_fill(
                address=self.instance, columns=self.address_fields(), village=cleaned["village"]
            )
            if services.user_address_is_duplicate(address=self.instance):
                raise forms.ValidationError(_("Alamat ini sudah ada di buku alamat Anda."))
        return cleaned

    def save(self, commit: bool = True):
        if commit:
            self.instance.save()
        return self.instance
