from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from exchange.formatting import money_format, rate_date_format
from exchange.selectors import price_convert

register = template.Library()


@register.filter
def in_currency(amount_idr, currency):
    """{{ price|in_currency:visitor_currency }} -> '≈ HK$12,40 (kurs 1 Des)'; empty when the
    visitor is at home, the amount is unknown or there is no fresh rate (better no price
    than a wrong one)."""
    try:
        converted = price_convert(currency=str(currency or ""), amount_idr=amount_idr)
    except (TypeError, ArithmeticError, ValueError):
        return ""
    if converted is None:
        return ""
    language = get_language()
    return _("≈ %(price)s (kurs %(date)s)") % {
        "price": money_format(currency=converted.currency, amount=converted.amount, language=language),
        "date": rate_date_format(date=converted.rate_date, language=language),
    }
