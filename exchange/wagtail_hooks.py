from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from exchange.models import ExchangeRate


class ExchangeRateViewSet(SnippetViewSet):
    """Staff keep the rates in the CMS too (the CSV import is the usual way)."""

    model = ExchangeRate
    icon = "table"
    menu_label = _("Kurs")
    add_to_admin_menu = True
    list_display = ["currency", "date", "rate", "source"]
    list_filter = ["currency"]


register_snippet(ExchangeRateViewSet)
