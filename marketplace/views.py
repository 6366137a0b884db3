import sys

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseServerError,
    JsonResponse,
)
from django.template import loader
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.defaults import page_not_found as django_page_not_found

DATABASE_RETRY_AFTER_SECONDS = 30


@never_cache
@transaction.non_atomic_requests
def healthz(request: HttpRequest) -> JsonResponse:
    """Load balancers poll this; 503 takes the machine out of rotation."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return JsonResponse(
            {"status": "error", "database": "unavailable", "detail": exc.__class__.__name__},
            status=503,
        )
    return JsonResponse({"status": "ok", "database": "ok", "vendor": connection.vendor})


def bench_bare(request: HttpRequest) -> HttpResponse:
    """The floor for bench/throughput.py: the whole middleware stack and nothing else."""
    return HttpResponse(b"ok", content_type="text/plain")


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    # Django's own bad_request renders without the request, so outside the shop's layout.
    return HttpResponseBadRequest(loader.render_to_string("400.html", request=request))


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return django_page_not_found(request, exception, template_name="404.html")


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors: whatever broke the page may break them too.
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        return database_unavailable(request)
    return HttpResponseServerError(loader.get_template("500.html").render({"request": request}))


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """The database cannot be reached (restart, failover): 503 with Retry-After, so buyers and
    load balancers come back shortly instead of reading it as a broken shop."""
    response = HttpResponse(
        loader.get_template("503.html").render({"request": request}),
        status=503,
    )
    response["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
    return response


def too_many_requests(request: HttpRequest, *, message: str, retry_after: int) -> HttpResponse:
    """The 429 page in the shop's layout, saying when to try again (also in Retry-After)."""
    minutes = max(1, -(-retry_after // 60))
    response = TemplateResponse(
        request, "429.html", {"message": message, "retry_minutes": minutes}, status=429
    ).render()
    response["Retry-After"] = str(retry_after)
    return response


def login_locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' lockout (AXES_LOCKOUT_CALLABLE): too many wrong passwords for one account."""
    return too_many_requests(
        request,
        message=_("Terlalu banyak percobaan masuk yang gagal untuk akun ini."),
        retry_after=int(settings.AXES_COOLOFF_TIME.total_seconds()),
    )
