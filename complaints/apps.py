from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    """The resolution centre: cancelling a producer's part, complaints about a delivered one."""

    name = "complaints"
    verbose_name = _("Pembatalan dan komplain")
