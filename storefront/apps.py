from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from oscar.apps.customer import apps as oscar_customer
from oscar.core.loading import get_model


class StorefrontConfig(AppConfig):
    """Public pages that are not Oscar's: producers, program villages, provinces."""

    name = "storefront"
    verbose_name = _("Etalase")


class CustomerConfig(oscar_customer.CustomerConfig):
    """Oscar's customer app with two of its stock-alert views and its back-in-stock receiver
    (storefront.alerts) and its address-book form views (storefront.addresses) replaced, and
    sign-out and wish-list adding made POST-only and producers signed in to their portal
    (storefront.accounts).

    Only those views differ, so the app itself is not forked: its models, templates and URL
    names stay Oscar's.
    """

    def ready(self):
        super().ready()
        from storefront import accounts, addresses, alerts

        self.alert_create_view = alerts.ProductAlertCreateView
        self.alert_cancel_view = alerts.ProductAlertCancelView
        self.address_create_view = addresses.AddressCreateView
        self.address_update_view = addresses.AddressUpdateView
        self.login_view = accounts.AccountAuthView
        self.logout_view = accounts.LogoutView
        self.wishlists_add_product_view = accounts.WishListAddProduct

        # Back-in-stock e-mails in each reader's language: Oscar's receiver, with our dispatcher.
        if settings.OSCAR_EAGER_ALERTS:
            from django.db.models.signals import post_save
            from oscar.apps.customer.alerts import receivers as oscar_receivers

            stockrecord = get_model("partner", "StockRecord")
            post_save.disconnect(oscar_receivers.send_product_alerts, sender=stockrecord)
            post_save.connect(
                alerts.send_product_alerts, sender=stockrecord, dispatch_uid="storefront-alerts"
            )
