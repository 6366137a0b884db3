from urllib.parse import urlsplit

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.middleware.gzip import GZipMiddleware
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import gettext as _

from core.clients import client_ip
from marketplace.ratelimit import rate_limit_hit, rate_limit_rule
from marketplace.views import too_many_requests
from regions.forms import is_region_refresh


class NulByteMiddleware:
    """Answers 400 (the shop's 400 page) to a NUL byte in the path, the query string or a
    form field.

    PostgreSQL text cannot hold NUL, so psycopg refuses any query that carries one: every
    view that looks a value up (an order number, a wish list's key, a search) answered 500.
    No browser sends one unasked, so one check before any view, instead of one in each. It
    sits near the top of MIDDLEWARE: Wagtail's redirects and the flat pages look the path up
    in the database too, on their way back out with a 404."""

    FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if self.has_nul(request):
            raise BadRequest("NUL byte in the request")
        return self.get_response(request)

    def has_nul(self, request: HttpRequest) -> bool:
        if "\x00" in request.path_info:
            return True
        fields = [request.GET]
        # Form fields only: other bodies (Stripe's JSON events) have none, and views that
        # read them check them themselves.
        if request.method == "POST" and request.content_type in self.FORM_TYPES:
            fields.append(request.POST)
        return any(
            "\x00" in name or any("\x00" in value for value in values)
            for data in fields
            for name, values in data.lists()
        )


class ShopLocaleMiddleware(LocaleMiddleware):
    """Bahasa Indonesia unless the shopper chose otherwise with the language switcher.

    Django's own middleware follows the browser's Accept-Language, and many phones in
    Indonesia are set to English; the shop should still greet them in Indonesian.
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the staff areas' own policy and Stripe where cards are paid.

    Wagtail's and Django's admin (CSP_ADMIN_PATH_PREFIXES) get CSP_ADMIN_DIRECTIVES. The
    order page, where a buyer pays by card, may load Stripe.js from STRIPE_JS_URL and talk
    to Stripe's API; both are read per request, as tests point them at localstripe.
    """

    stripe_views = frozenset({"checkout:order-status"})

    def get_policy_parts(self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False):
        parts = super().get_policy_parts(request=request, response=response, report_only=report_only)
        if report_only:
            return parts
        if parts.config is None and request.path_info.startswith(tuple(settings.CSP_ADMIN_PATH_PREFIXES)):
            parts.config = settings.CSP_ADMIN_DIRECTIVES
        match = getattr(request, "resolver_match", None)
        if match is not None and match.view_name in self.stripe_views and settings.STRIPE_PUBLISHABLE_KEY:
            update = dict(parts.update or {})
            for directive, sources in stripe_sources().items():
                update[directive] = [*update.get(directive, []), *sources]
            parts.update = update
        return parts


def _origin(url: str) -> str:
    parsed = urlsplit(url)
    return f"{parsed.scheme}://{parsed.netloc}" if parsed.scheme and parsed.netloc else ""


def stripe_sources() -> dict[str, list[str]]:
    """What Stripe.js needs (Stripe's published CSP list), or localstripe's origin in tests."""
    script = _origin(settings.STRIPE_JS_URL)
    api = _origin(settings.STRIPE_API_BASE) or "https://api.stripe.com"
    sources = {"script-src": [script], "frame-src": [script], "connect-src": [api]}
    if script == "https://js.stripe.com":
        sources["script-src"].append("https://*.js.stripe.com")
        sources["frame-src"] += ["https://*.js.stripe.com", "https://hooks.stripe.com"]
        sources["img-src"] = ["https://*.stripe.com"]
    return {directive: [s for s in values if s] for directive, values in sources.items()}


class RateLimitMiddleware:
    """Answers 429 once a client passes a RATE_LIMITS rule (sign-up, login, search).

    Works on the resolved URL name, so it needs no change in the views it guards.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        scope = rate_limit_rule(request)
        if scope is None or (scope == "signup" and is_region_refresh(request)):
            return None
        verdict = rate_limit_hit(scope=scope, client=client_ip(request))
        if verdict.allowed:
            return None
        return too_many_requests(
            request,
            message=_("Terlalu banyak permintaan dari alamat internet Anda."),
            retry_after=verdict.retry_after,
        )


class PageCompressionMiddleware(GZipMiddleware):
    """Gzip pages and JSON: a 24-product listing is 73 KB of HTML and about a seventh of that
    compressed, on phones that often pay per megabyte. Static files come precompressed from
    WhiteNoise and photos are compressed already, so only text is touched. Django masks the
    CSRF token differently in every response, which is what keeps BREACH from reading it
    through compression."""

    COMPRESSIBLE = ("text/html", "application/json", "text/plain", "text/csv")

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "").split(";")[0].strip()
        if content_type not in self.COMPRESSIBLE:
            return response
        return super().process_response(request, response)
