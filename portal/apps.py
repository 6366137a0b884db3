from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The producer's own portal: listings, photos, orders and earnings."""

    name = "portal"
    verbose_name = _("Portal produsen")
