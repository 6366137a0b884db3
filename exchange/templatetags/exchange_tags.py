"""Prices as a buyer abroad reads them: ``{% price amount %}`` -> ``Rp 25.000 · ≈ HK$12,40
(kurs 1 Des)``, the one way every page and e-mail writes a price (so none is missed, and
none converted with a stale rate)."""

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from oscar.templatetags.currency_filters import currency as rupiah_format

from exchange.formatting import money_format, rate_date_format
from exchange.selectors import Conversion, ConvertedPrice, conversion_for, price_convert

register = template.Library()


def _converted_text(converted: ConvertedPrice) -> str:
    language = get_language()
    return _("≈ %(price)s (kurs %(date)s)") % {
        "price": money_format(currency=converted.currency, amount=converted.amount, language=language),
        "date": rate_date_format(date=converted.rate_date, language=language),
    }


@register.filter
def in_currency(amount_idr, currency):
    """{{ price|in_currency:visitor_currency }} -> '≈ HK$12,40 (kurs 1 Des)'; empty when the
    visitor is at home, the amount is unknown or there is no fresh rate (better no price
    than a wrong one)."""
    try:
        converted = price_convert(currency=str(currency or ""), amount_idr=amount_idr)
    except (TypeError, ArithmeticError, ValueError):
        return ""
    return _converted_text(converted) if converted else ""


def _conversion(context, currency) -> Conversion | None:
    if currency:  # e-mails: the order's country of work, there is no visitor
        return conversion_for(currency=str(currency))
    return context.get("visitor_conversion")


def _converted(context, amount_idr, currency) -> ConvertedPrice | None:
    conversion = _conversion(context, currency)
    try:
        return conversion.convert(amount_idr) if conversion else None
    except (TypeError, ArithmeticError, ValueError):
        return None


@register.simple_tag(takes_context=True)
def price(context, amount_idr, currency=None, plain=False):
    """The rupiah amount, then the visitor's currency beside it when there is a fresh rate.

    currency: convert to this one instead of the visitor's (an e-mail, written for the
    order's country of work). plain: text for a plain-text e-mail, no markup."""
    if amount_idr is None or amount_idr == "":
        return ""
    rupiah = rupiah_format(amount_idr)
    converted = _converted(context, amount_idr, currency)
    if converted is None:
        return rupiah
    if plain:
        return f"{rupiah} · {_converted_text(converted)}"
    return format_html('{} <span class="price-converted">· {}</span>', rupiah, _converted_text(converted))


@register.simple_tag(takes_context=True)
def price_converted(context, amount_idr, currency=None):
    """Only the part {% price %} adds beside the rupiah, for a rupiah amount the page shows on
    its own (the exact sum to transfer, in a box with its copy button); empty at home."""
    if amount_idr is None or amount_idr == "":
        return ""
    converted = _converted(context, amount_idr, currency)
    if converted is None:
        return ""
    return format_html(' <span class="price-converted">· {}</span>', _converted_text(converted))
