"""CSRF tokens for pages that are the same for every visitor, through Django's public API.

A page served from the shared cache (core.cache.anonymous_page) carries its forms with an
empty token, as one set of bytes serves everyone. With JavaScript, static/js/csrf.js puts
the visitor's CSRF cookie in (Django accepts the cookie's value as the form's token) and,
on a first visit without the cookie, asks csrf_token_view for one. Without JavaScript the
form arrives without a token and csrf_failure answers with the same request to confirm,
now carrying a fresh token: one more tap, nothing lost.

Fragments cached inside fresh pages hold the token of whoever built them; CsrfTokenMiddleware
writes this visitor's token into every form of a page (core.cache.CSRF_VALUE) on its way out.
"""

import re

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import REASON_CSRF_TOKEN_MISSING, REASON_NO_CSRF_COOKIE, get_token
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache

from core.cache import CSRF_VALUE

_CSRF_VALUE = re.compile(CSRF_VALUE.pattern.encode())


class CsrfTokenMiddleware:
    """This visitor's token in every form of an HTML page (below CsrfViewMiddleware, so that
    the cookie get_token() asks for is sent)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            not response.streaming
            and not response.has_header("Content-Encoding")  # a shared page, sent as stored
            and response.get("Content-Type", "").startswith("text/html")
            and b'name="csrfmiddlewaretoken"' in response.content
        ):
            token = get_token(request).encode()
            response.content = _CSRF_VALUE.sub(lambda m: m.group(1) + token + m.group(2), response.content)
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response


@never_cache
def csrf_token_view(request: HttpRequest) -> JsonResponse:
    """The visitor's CSRF token (and its cookie), for the forms of a shared page."""
    return JsonResponse({"token": get_token(request)})


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW. A form from a shared page sent without JavaScript has no token:
    when the browser says it came from this shop (Django has checked the Origin header
    before the token), the same fields are offered again to confirm, with a token. Anything
    else gets the plain refusal, in the shop's look."""
    fields = []
    if (
        reason in (REASON_CSRF_TOKEN_MISSING, REASON_NO_CSRF_COOKIE)
        and request.META.get("HTTP_ORIGIN")
        and not request.FILES
    ):
        fields = [
            (name, value)
            for name, values in request.POST.lists()
            if name != "csrfmiddlewaretoken"
            for value in values
        ]
    context = {"confirm_fields": fields, "confirm_action": request.get_full_path()}
    return TemplateResponse(request, "403_csrf.html", context, status=403)
