"""Stock alerts e-mail in Indonesian (Oscar's Indonesian catalogue left their bodies in English;
marketplace/locale_oscar/id corrects it), linking to the shop."""

import pytest
from django.core import mail
from oscar.apps.customer.alerts.utils import AlertsDispatcher
from oscar.core.loading import get_model

pytestmark = pytest.mark.django_db

ProductAlert = get_model("customer", "ProductAlert")
ENGLISH = ("Hello", "Somebody", "back in stock", "We are happy", "Thanks for your interest", "Team")


def _english(texts) -> list[str]:
    return [word for word in ENGLISH for text in texts if word in text]


def test_the_alert_confirmation_email_is_indonesian(product):
    alert = ProductAlert.objects.create(product=product, email="ani@contoh.id")
    AlertsDispatcher().send_product_alert_confirmation_email_for_user(alert)
    (message,) = mail.outbox
    assert "Seseorang (semoga Anda) meminta pemberitahuan" in message.body
    assert _english([message.subject, message.body, *(html for html, _type in message.alternatives)]) == []


def test_the_back_in_stock_email_is_indonesian(product):
    alert = ProductAlert.objects.create(product=product, email="ani@contoh.id", status=ProductAlert.ACTIVE)
    dispatcher = AlertsDispatcher()
    # The messages Oscar sends when the product is back in stock.
    messages = dispatcher.dispatcher.get_messages(
        dispatcher.PRODUCT_ALERT_EVENT_CODE, dispatcher.get_extra_context_for_alert(alert, hurry_mode=False)
    )
    assert "Kabar baik: produk" in messages["body"] and product.get_title() in messages["body"]
    assert _english([messages["subject"], messages["body"], messages["html"]]) == []
