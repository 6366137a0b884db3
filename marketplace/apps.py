from django.apps import AppConfig


class MarketplaceConfig(AppConfig):
    name = "marketplace"
    verbose_name = "Pasar Desmigratif"

    def ready(self):
        from marketplace import notifications, permissions
        from marketplace.invalidation import invalidation_connect

        invalidation_connect()
        permissions.receivers_connect()
        notifications.receivers_connect()
