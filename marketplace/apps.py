from django.apps import AppConfig


class MarketplaceConfig(AppConfig):
    name = "marketplace"
    verbose_name = "Pasar Desmigratif"

    def ready(self):
        from django.apps import apps
        from django.db.models.signals import post_migrate

        from marketplace import languages, notifications, permissions, users
        from marketplace.invalidation import invalidation_connect
        from marketplace.sites import site_sync

        # After the sites app's own post_migrate, which creates example.com.
        post_migrate.connect(site_sync, sender=apps.get_app_config("sites"), dispatch_uid="marketplace-site")
        invalidation_connect()
        permissions.receivers_connect()
        notifications.receivers_connect()
        languages.receivers_connect()
        users.receivers_connect()
