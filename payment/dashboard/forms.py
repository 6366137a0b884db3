from decimal import Decimal

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from payment.methods import payment_methods
from payment.models import OrderPayment


class PaymentFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Semua")), *OrderPayment.Status.choices]
    )
    method = forms.ChoiceField(label=_("Metode"), required=False)
    q = forms.CharField(label=_("Nomor pesanan, referensi atau jumlah"), required=False, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Every method the shop offers now (Midtrans's and COD included), by its code.
        methods = [(code, method.name) for code, method in payment_methods().items()]
        self.fields["method"].choices = [("", _("Semua")), *methods]


class RefundForm(forms.Form):
    seller_order = forms.ChoiceField(label=_("Bagian pesanan"), required=False)
    amount = forms.DecimalField(
        label=_("Jumlah (Rp)"), max_digits=12, decimal_places=0, validators=[MinValueValidator(Decimal("1"))]
    )
    reason = forms.CharField(label=_("Alasan"), max_length=255)

    def __init__(self, *args, payment: OrderPayment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seller_order"].choices = [("", _("Seluruh pesanan"))] + [
            (seller_order.number, f"{seller_order.number} · {seller_order.seller.name}")
            for seller_order in payment.order.seller_orders.select_related("seller")
        ]


class MarkPaidForm(forms.Form):
    reference = forms.CharField(
        label=_("Referensi mutasi bank"),
        max_length=255,
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}),
        help_text=_("Dari rekening koran atau aplikasi bank, mis. nomor referensi transfer masuk."),
        error_messages={"required": _("Isi referensi mutasi bank dari rekening koran.")},
    )
