from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from oscar.apps.customer import apps as oscar_customer


class StorefrontConfig(AppConfig):
    """Public pages that are not Oscar's: producers, program villages, provinces."""

    name = "storefront"
    verbose_name = _("Etalase")


class CustomerConfig(oscar_customer.CustomerConfig):
    """Oscar's customer app with two of its stock-alert views (storefront.alerts) and its
    address-book form views (storefront.addresses) replaced.

    Only those views differ, so the app itself is not forked: its models, templates and URL
    names stay Oscar's.
    """

    def ready(self):
        super().ready()
        from storefront import addresses, alerts

        self.alert_create_view = alerts.ProductAlertCreateView
        self.alert_cancel_view = alerts.ProductAlertCancelView
        self.address_create_view = addresses.AddressCreateView
        self.address_update_view = addresses.AddressUpdateView
