"""Oscar's stock alerts ("tell me when it is back"), kept to what the shop lists and to itself.

Oscar's views are subclassed here and put in place by storefront.apps.CustomerConfig, so the
URLs and their names (customer:alert-create…) stay Oscar's.
"""

from django.conf import settings
from django.http import Http404
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from oscar.apps.customer.alerts import utils as oscar_utils
from oscar.apps.customer.alerts import views as oscar_views
from oscar.core.loading import get_class, get_model

from catalog.selectors import product_browsable
from core.emails import user_language

Dispatcher = get_class("communication.utils", "Dispatcher")
Order = get_model("order", "Order")


class ProductAlertCreateView(oscar_views.ProductAlertCreateView):
    def dispatch(self, request, *args, **kwargs):
        # Oscar finds the product by id alone: a hidden product (a draft, a suspended
        # producer's) would get alerts, and the shop would e-mail their confirmations to any
        # address given. Refused as its product page refuses it. Creating alerts is also
        # limited per address (RATE_LIMITS["alert"]).
        if not product_browsable().filter(pk=kwargs["pk"]).exists():
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class ProductAlertCancelView(oscar_views.ProductAlertCancelView):
    def get_redirect_url(self, *args, **kwargs):
        # Oscar follows ?next= anywhere: a cancel link could send a buyer to a fake sign-in.
        target = self.request.GET.get("next", "")
        if url_has_allowed_host_and_scheme(
            target, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            return target
        return self.alert.product.get_absolute_url()


def alert_language(alert) -> str:
    """The reader's language: an account's own; a guest's, that of their last order here."""
    if alert.user_id:
        return user_language(alert.user)
    language = (
        Order.objects.filter(guest_email__iexact=alert.email)
        .order_by("-date_placed")
        .values_list("language", flat=True)
        .first()
    )
    return language or settings.LANGUAGE_CODE


class ReaderLanguageDispatcher(Dispatcher):
    """Renders the back-in-stock e-mail in its reader's language, not in that of whoever
    changed the stock (a producer in the portal, staff in the dashboard)."""

    def get_messages(self, event_code, extra_context=None):
        alert = (extra_context or {}).get("alert")
        if event_code != AlertsDispatcher.PRODUCT_ALERT_EVENT_CODE or alert is None:
            # The confirmation goes out in the request of the person asking: their language.
            return super().get_messages(event_code, extra_context)
        with translation.override(alert_language(alert)):
            return super().get_messages(event_code, extra_context)


class AlertsDispatcher(oscar_utils.AlertsDispatcher):
    def __init__(self, logger=None, mail_connection=None):
        super().__init__(logger=logger, mail_connection=mail_connection)
        self.dispatcher = ReaderLanguageDispatcher(
            logger=self.dispatcher.logger, mail_connection=mail_connection
        )

    def notify_user_about_product_alert(self, user, context):
        with translation.override(user_language(user)):
            super().notify_user_about_product_alert(user, context)


def send_product_alerts(sender, instance, created, **kwargs) -> None:
    """Oscar's receiver (customer.alerts.receivers), with the dispatcher above."""
    if kwargs.get("raw", False):
        return
    AlertsDispatcher().send_product_alert_email_for_user(instance.product)
