"""Guessing a visitor's country of work from what the browser tells, only when it is obvious."""

from exchange.countries import COUNTRIES_OF_WORK

TIME_ZONE_COUNTRIES = {
    zone: country.code for country in COUNTRIES_OF_WORK.values() for zone in country.time_zones
}
# A bare language that is spoken in one of the countries only (Korean, Japanese). Chinese,
# Malay, Arabic and English are spoken in several: only their region subtag decides.
LANGUAGE_COUNTRIES = {"ko": "KR", "ja": "JP"}


def country_of_work_guess(*, accept_language: str = "", time_zone: str = "") -> str | None:
    """'HK' for a browser in Asia/Hong_Kong or with zh-HK first; None when it is not obvious.

    The time zone wins (a worker often keeps an Indonesian or English browser abroad); then the
    first language tag naming a country of work."""
    if time_zone.strip() in TIME_ZONE_COUNTRIES:
        return TIME_ZONE_COUNTRIES[time_zone.strip()]
    for part in accept_language.split(","):
        tag = part.split(";")[0].strip().replace("_", "-")
        if not tag or tag == "*":
            continue
        subtags = tag.split("-")
        language = subtags[0].lower()
        regions = [subtag.upper() for subtag in subtags[1:] if len(subtag) == 2]
        if regions and regions[0] in COUNTRIES_OF_WORK:
            return regions[0]
        if not regions and language in LANGUAGE_COUNTRIES:
            return LANGUAGE_COUNTRIES[language]
        # Only the first tag the browser prefers counts: later ones are fallbacks.
        return None
    return None
