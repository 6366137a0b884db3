from django.apps import AppConfig


class MarketplaceConfig(AppConfig):
    name = "marketplace"
    verbose_name = "Pasar Desmigratif"

    def ready(self):
        from marketplace.cache import invalidation_connect

        invalidation_connect()
