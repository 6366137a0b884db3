from django.utils.translation import gettext_lazy as _
from oscar.apps.basket.forms import BasketLineForm as OscarBasketLineForm


class BasketLineForm(OscarBasketLineForm):
    """Oscar's, with the quantity input named for screen readers: Oscar's basket template
    renders it without a label."""

    def __init__(self, strategy, *args, **kwargs):
        super().__init__(strategy, *args, **kwargs)
        self.fields["quantity"].widget.attrs.setdefault("aria-label", _("Jumlah barang"))
