from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo shop's loader (manage.py load_demo_data); no models, and no app imports it."""

    name = "demo"
    verbose_name = "Demo"
