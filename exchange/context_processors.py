from django.utils.functional import SimpleLazyObject

from exchange.visitors import visitor_conversion, visitor_country


def country_of_work(request):
    """{{ visitor_country }}, {{ visitor_currency }} (its ISO code) and {{ visitor_conversion }}
    (what {% price %} converts with; its cache_key for {% cache %} keys) for every template,
    read only when a template asks."""
    country = SimpleLazyObject(lambda: visitor_country(request))
    return {
        "visitor_country": country,
        "visitor_currency": SimpleLazyObject(lambda: country.currency.code),
        "visitor_conversion": SimpleLazyObject(lambda: visitor_conversion(request)),
    }
