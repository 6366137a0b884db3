from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.apps.checkout.forms import GatewayForm as OscarGatewayForm

from core.phones import InternationalPhoneField


class GatewayForm(OscarGatewayForm):
    """Oscar's, with the password input named for screen readers: Oscar's gateway template
    renders it without a label.

    The password box is not ``required`` in the HTML: only Oscar's JavaScript disables it for
    guests, so without JavaScript the browser refused "tamu" until a password was typed. The
    server still asks for it when the buyer says they have an account."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].widget.attrs.setdefault("aria-label", _("Kata sandi"))
        # Autofill and the phone's e-mail keyboard.
        self.fields["username"].widget.attrs.update({"autocomplete": "email", "inputmode": "email"})
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"
        self.fields["password"].required = False

    def clean(self):
        if self.cleaned_data.get("options") == self.EXISTING and not self.cleaned_data.get("password"):
            self.add_error("password", self.fields["password"].error_messages["required"])
            return self.cleaned_data
        return super().clean()


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


class BuyerPhoneForm(forms.Form):
    """The buyer's own number, for questions about the payment: any country's (a worker
    abroad has a local number there); the recipient's, on the address, stays Indonesian."""

    buyer_phone = forms.CharField(required=False)

    def __init__(self, *args, region: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["buyer_phone"] = InternationalPhoneField(
            region=region,
            required=False,
            label=_("Nomor HP Anda (boleh nomor luar negeri)"),
            help_text=_("Tidak wajib. Kami menghubungi nomor ini hanya bila ada masalah pembayaran."),
        )
        self.fields["buyer_phone"].widget.attrs["class"] = "form-control"
