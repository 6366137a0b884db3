from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The bottom layer's few tables: which e-mails a background run has sent."""

    name = "core"
    default_auto_field = "django.db.models.BigAutoField"
