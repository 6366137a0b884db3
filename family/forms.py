from django import forms
from django.utils.translation import gettext_lazy as _

from family.models import GIFT_MESSAGE_MAX_LENGTH, FamilyRepeat


class FamilyChoiceForm(forms.Form):
    """The address step's "Kirim ke keluarga": the address typed above is the family's; this
    adds who it is from, the message and whether they know it is coming."""

    prefix = "family"

    send_to_family = forms.BooleanField(
        label=_("Kirim ke keluarga di Indonesia (hadiah)"),
        required=False,
        help_text=_("Alamat di atas adalah alamat keluarga penerima. Slip paket tidak mencantumkan harga."),
    )
    sender_name = forms.CharField(
        label=_("Nama pengirim (tertulis di paket)"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name", "class": "form-control"}),
    )
    gift_message = forms.CharField(
        label=_("Pesan untuk keluarga"),
        max_length=GIFT_MESSAGE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control", "autocomplete": "off"}),
    )
    notify_family = forms.BooleanField(
        label=_("Beri tahu keluarga sebelum paket tiba"),
        required=False,
        initial=True,
        help_text=_("Tanpa centang: kejutan, pesannya baru dikirim setelah paket tiba."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("send_to_family") and not cleaned.get("sender_name", "").strip():
            self.add_error("sender_name", _("Tulis nama pengirim yang akan dibaca keluarga."))
        return cleaned

    def choice(self) -> dict | None:
        """What the session keeps until the order is placed (None: not a family order)."""
        data = self.cleaned_data
        if not data.get("send_to_family"):
            return None
        return {
            "sender_name": data["sender_name"].strip(),
            "gift_message": data.get("gift_message", "").strip(),
            "notify_family": bool(data.get("notify_family")),
        }


class FamilyRepeatForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kirim lagi"), choices=FamilyRepeat.Kind.choices, widget=forms.RadioSelect
    )
    day_of_month = forms.IntegerField(
        label=_("Tanggal gajian (untuk kiriman bulanan)"),
        min_value=1,
        max_value=28,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "form-control"}),
    )
    on = forms.DateField(
        label=_("Tanggal kiriman (untuk kiriman sekali)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )
