from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    """Program staff's producer pages inside Oscar's dashboard."""

    name = "staff"
    verbose_name = _("Dasbor staf")
