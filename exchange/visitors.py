"""The visitor's country of work: chosen (session, and a cookie that outlives it), else guessed."""

from exchange.countries import COUNTRIES_OF_WORK, HOME_COUNTRY, CountryOfWork
from exchange.guess import country_of_work_guess
from exchange.selectors import Conversion, conversion_for

SESSION_KEY = "negara_kerja"
COOKIE_NAME = "negara_kerja"
COOKIE_MAX_AGE = 365 * 24 * 3600
# Set by exchange/static/exchange/time_zone.js when the browser offers its time zone; the
# guess works without it.
TIME_ZONE_COOKIE = "zona_waktu"


def visitor_country(request) -> CountryOfWork:
    """The country the visitor chose, or the one their browser makes obvious, or Indonesia."""
    chosen = request.session.get(SESSION_KEY) or request.COOKIES.get(COOKIE_NAME)
    if chosen not in COUNTRIES_OF_WORK:
        chosen = country_of_work_guess(
            accept_language=request.headers.get("Accept-Language", ""),
            time_zone=request.COOKIES.get(TIME_ZONE_COOKIE, ""),
        )
    return COUNTRIES_OF_WORK[chosen or HOME_COUNTRY]


def visitor_country_set(request, response, *, country: str) -> None:
    request.session[SESSION_KEY] = country
    response.set_cookie(COOKIE_NAME, country, max_age=COOKIE_MAX_AGE, samesite="Lax", httponly=True)


def visitor_conversion(request) -> Conversion:
    """How this visitor's prices are converted, read once per request (every price on a page
    and every cache key asks)."""
    conversion = getattr(request, "_visitor_conversion", None)
    if conversion is None:
        conversion = request._visitor_conversion = conversion_for(
            currency=visitor_country(request).currency.code
        )
    return conversion


def visitor_conversion_key(request) -> str:
    """A part of the key of anything cached that shows prices (settings.PAGE_CACHE_VARY)."""
    return visitor_conversion(request).cache_key
