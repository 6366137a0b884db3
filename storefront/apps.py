from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StorefrontConfig(AppConfig):
    """Public pages that are not Oscar's: producers, program villages, provinces."""

    name = "storefront"
    verbose_name = _("Etalase")
