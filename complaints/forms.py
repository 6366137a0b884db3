"""Forms of the resolution centre, shared by the buyer's pages, the portal and the dashboard.
They parse; the services decide (amounts against what is left, deadlines, states)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from complaints.models import Complaint
from complaints.services.complaints import MAX_PHOTOS
from core.uploads import MultipleFileField, MultipleFileInput
from regions.models import Village
from sellers.images import MAX_UPLOAD_BYTES
from sellers.models import SellerProfile

TEXT = {"class": "form-control"}


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan pembatalan"),
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={**TEXT, "placeholder": _("mis. salah pilih ukuran")}),
    )


class ComplaintOpenForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Masalahnya"), choices=Complaint.Reason.choices, widget=forms.RadioSelect
    )
    description = forms.CharField(
        label=_("Ceritakan apa yang terjadi"),
        max_length=2000,
        widget=forms.Textarea(attrs={**TEXT, "rows": 4}),
    )
    photos = MultipleFileField(
        label=_("Foto barang"),
        required=False,
        help_text=_("Sampai %(n)s foto JPG, PNG atau WebP, maksimal %(mb)s MB per foto.")
        % {"n": MAX_PHOTOS, "mb": MAX_UPLOAD_BYTES // (1024 * 1024)},
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    def __init__(self, *args, reasons=None, **kwargs):
        super().__init__(*args, **kwargs)
        if reasons is not None:
            self.fields["reason"].choices = [c for c in Complaint.Reason.choices if c[0] in reasons]

    def clean_photos(self):
        return [photo for photo in self.cleaned_data.get("photos") or [] if photo]


class ComplaintMessageForm(forms.Form):
    text = forms.CharField(
        label=_("Pesan"), max_length=2000, widget=forms.Textarea(attrs={**TEXT, "rows": 3})
    )


class ComplaintAnswerForm(forms.Form):
    """The producer's answer: one of the offers, or a rejection with its reason."""

    REJECT = "reject"
    answer = forms.ChoiceField(
        label=_("Jawaban Anda"),
        choices=[*Complaint.Offer.choices, (REJECT, _("Tolak komplain"))],
        widget=forms.RadioSelect,
    )
    amount = forms.IntegerField(
        label=_("Jumlah pengembalian sebagian (Rp)"),
        min_value=1,
        required=False,
        widget=forms.NumberInput(attrs=TEXT),
    )
    return_courier = forms.CharField(
        label=_("Kurir retur"), max_length=64, required=False, widget=forms.TextInput(attrs=TEXT)
    )
    return_tracking_number = forms.CharField(
        label=_("Nomor resi retur"), max_length=64, required=False, widget=forms.TextInput(attrs=TEXT)
    )
    note = forms.CharField(
        label=_("Pesan untuk pembeli (wajib bila menolak)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={**TEXT, "rows": 3}),
    )


class ReplacementShipForm(forms.Form):
    """The producer's waybill for the missing items or the exchanged goods."""

    courier = forms.CharField(
        label=_("Kurir barang pengganti"), max_length=64, widget=forms.TextInput(attrs=TEXT)
    )
    tracking_number = forms.CharField(
        label=_("Nomor resi barang pengganti"), max_length=64, widget=forms.TextInput(attrs=TEXT)
    )


class CancellationAnswerForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("Jawaban"),
        choices=[("1", _("Setujui pembatalan")), ("0", _("Tolak"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    answer = forms.CharField(label=_("Alasan (wajib bila menolak)"), max_length=255, required=False)


class ComplaintDecisionForm(forms.Form):
    refund_amount = forms.IntegerField(
        label=_("Dana dikembalikan ke pembeli (Rp)"),
        min_value=0,
        initial=0,
        widget=forms.NumberInput(attrs=TEXT),
    )
    return_shipping_payer = forms.ChoiceField(
        label=_("Ongkir retur ditanggung"),
        choices=Complaint.ReturnShippingPayer.choices,
        required=False,
        widget=forms.Select(attrs=TEXT),
    )
    return_shipping_amount = forms.IntegerField(
        label=_("Ongkir retur (Rp)"), min_value=0, required=False, widget=forms.NumberInput(attrs=TEXT)
    )
    note = forms.CharField(
        label=_("Alasan keputusan"), max_length=2000, widget=forms.Textarea(attrs={**TEXT, "rows": 3})
    )


class ComplaintFilterForm(forms.Form):
    """Staff's filters: status, producer, and the producer's village (only villages with producers)."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("open", _("Semua yang terbuka")), *Complaint.Status.choices, ("all", _("Semua"))],
        widget=forms.Select(attrs=TEXT),
    )
    seller = forms.ModelChoiceField(
        label=_("Produsen"),
        required=False,
        queryset=SellerProfile.objects.order_by("name"),
        empty_label=_("Semua produsen"),
        widget=forms.Select(attrs=TEXT),
    )
    village = forms.ModelChoiceField(
        label=_("Desa"),
        required=False,
        queryset=Village.objects.filter(sellers__isnull=False).distinct().order_by("name"),
        empty_label=_("Semua desa"),
        widget=forms.Select(attrs=TEXT),
    )
