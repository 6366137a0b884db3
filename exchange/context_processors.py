from django.utils.functional import SimpleLazyObject

from exchange.visitors import visitor_country


def country_of_work(request):
    """{{ visitor_country }} and {{ visitor_currency }} (its ISO code) for every template,
    read only when a template asks."""
    country = SimpleLazyObject(lambda: visitor_country(request))
    return {
        "visitor_country": country,
        "visitor_currency": SimpleLazyObject(lambda: country.currency.code),
    }
