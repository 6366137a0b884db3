"""The signed-in visitor's user row from the cache. Every logged-in request loads it: on a
logged-in listing otherwise served from the cache (core.cache.anonymous_page's own parts) it
was the one query left, and being its request's first, PostgreSQL's health check
(CONN_HEALTH_CHECKS) came with it; the two were a quarter of that page's time here.

A user is cached as Django's own ``get_user()`` returned them (active, their session
verified), under their owner tag (core.cache), which any save or delete of the user renews
(their cached permissions are under it too). The cached row serves a request only when the
session names a listed backend and its hash verifies against that row; anything else is
Django's ``get_user()`` (which flushes a session that no longer verifies). A change that
bypasses the signals (a queryset ``update()``) shows once the entry times out
(core.cache.TIMEOUT); the shop makes no such change to users.
"""

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import middleware
from django.core.cache import cache as shared_cache
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject

from core import cache


def _entry(backend: str, user_id: str) -> tuple[str, str]:
    return cache.key_for("user", backend, user_id), cache.owner_tag(f"user-{user_id}")


def user_of(request):
    """request.user: the cached row when it verifies the session, else Django's get_user()."""
    session = request.session
    user_id = session.get(auth.SESSION_KEY)
    backend = session.get(auth.BACKEND_SESSION_KEY)
    session_hash = session.get(auth.HASH_SESSION_KEY)
    if user_id is None or not session_hash or backend not in settings.AUTHENTICATION_BACKENDS:
        return auth.get_user(request)
    key, tag = _entry(backend, str(user_id))
    # The version is read before the row: a save committed in between gives the entry
    # stored below an old version, so it is never served.
    found, versions = cache.read_with_versions([key], [tag])
    stored = found.get(key)
    if stored is not None and stored[0] == versions[tag]:
        user = stored[1]
        if constant_time_compare(session_hash, user.get_session_auth_hash()):
            return user
    user = auth.get_user(request)
    if user.is_authenticated and versions[tag] is not None:  # None: the cache is down
        shared_cache.set(key, (versions[tag], user), cache.TIMEOUT)
    return user


class AuthenticationMiddleware(middleware.AuthenticationMiddleware):
    """Django's, with request.user from user_of()."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _cached_on_request(request))


def _cached_on_request(request):
    if not hasattr(request, "_cached_user"):  # where Django's own middleware keeps it
        request._cached_user = user_of(request)
    return request._cached_user


def _user_changed(sender, instance, **kwargs) -> None:
    cache.tags_changed(cache.owner_tag(f"user-{instance.pk}"))


def receivers_connect() -> None:
    from django.contrib.auth import get_user_model
    from django.db.models.signals import post_delete, post_save

    User = get_user_model()
    post_save.connect(_user_changed, sender=User, dispatch_uid="cached-user-save")
    post_delete.connect(_user_changed, sender=User, dispatch_uid="cached-user-delete")
