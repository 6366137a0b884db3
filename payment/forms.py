"""The buyer's forms on the order page: where a refund goes, a photo of the transfer slip."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.bank_accounts import bank_account_digits
from sellers.images import MAX_UPLOAD_BYTES


class RefundAccountForm(forms.Form):
    bank_name = forms.CharField(
        label=_("Nama bank"),
        max_length=60,
        widget=forms.TextInput(
            attrs={"class": "form-control", "autocomplete": "off", "placeholder": _("mis. BRI, BNI, Mandiri")}
        ),
    )
    # Wider than the stored 20 digits: the separators are typed too.
    account_number = forms.CharField(
        label=_("Nomor rekening"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"class": "form-control", "inputmode": "numeric", "autocomplete": "off"}
        ),
        help_text=_("Boleh dengan spasi, titik atau tanda hubung."),
    )
    holder_name = forms.CharField(
        label=_("Nama pemilik rekening"),
        max_length=100,
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "name"}),
    )

    def clean_account_number(self):
        number = bank_account_digits(self.cleaned_data["account_number"])
        if not 6 <= len(number) <= 20:
            raise forms.ValidationError(_("Nomor rekening terdiri dari 6-20 angka."))
        return number


class TransferReceiptForm(forms.Form):
    image = forms.FileField(
        label=_("Foto bukti transfer"),
        help_text=_("JPG, PNG atau WebP, maksimal %(mb)s MB.") % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)},
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
