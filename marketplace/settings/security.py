"""Login throttling, rate limits and the Content Security Policy (base.py imports this)."""

import base64
import hashlib
from datetime import timedelta

from csp.constants import NONCE, NONE, SELF, UNSAFE_HASHES, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

from .environment import env
from .files import MEDIA_ORIGINS

# Proxies in front of the web machines that append to X-Forwarded-For (0: none, so the
# socket address is the client's). Login throttling and rate limits count per client.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# django-axes: five wrong passwords for one login name from one address lock that pair
# out for 15 minutes. Per pair, not per address alone: many phones in Indonesia share one
# carrier address, and a stranger must not be able to lock a buyer out from elsewhere.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "marketplace.ratelimit.client_ip"
AXES_USERNAME_CALLABLE = "marketplace.ratelimit.login_name"
AXES_COOLOFF_MESSAGE = _("Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam 15 menit.")
# The lockout page in the shop's layout (429.html), with Retry-After.
AXES_LOCKOUT_CALLABLE = "marketplace.views.login_locked_out"

# Requests per client address and window (marketplace.ratelimit), by URL name; a name
# ending in ":" covers its whole namespace. Generous, as carrier NAT puts many buyers
# behind one address; they stop scripted sign-ups, password guessing and search scraping,
# and the shop e-mailing stock-alert confirmations to addresses a script gives it.
# Passwords are guarded per account by django-axes above; the address limit on login posts
# only stops one machine trying many accounts, so it allows a whole carrier NAT's sign-ins.
RATE_LIMIT_LOGIN_POSTS = env.int("RATE_LIMIT_LOGIN_POSTS", default=600)
RATE_LIMITS = {
    "signup": {
        "views": ["sellers:apply", "customer:register"],
        "methods": ["POST"],
        "limit": 20,
        "period": 3600,
    },
    "login": {
        "views": ["customer:login", "dashboard:login", "wagtailadmin_login", "admin:login"],
        "methods": ["POST"],
        "limit": RATE_LIMIT_LOGIN_POSTS,
        "period": 600,
    },
    "search": {"views": ["search:"], "methods": ["GET"], "limit": 120, "period": 60},
    "alert": {"views": ["customer:alert-create"], "methods": ["POST"], "limit": 10, "period": 3600},
}

# Content Security Policy (django-csp). Shop pages run only our own scripts and the inline
# script Oscar's base template carries, which gets the request's nonce
# (marketplace/templates/oscar/base.html). Inline styles stay allowed: Oscar's templates
# and Bootstrap's widgets set style attributes, and styles cannot run code.
# Event handlers written into Oscar's own templates (go back, print, the mini-basket's
# "view basket" button) are allowed by their exact text and nothing else.
OSCAR_INLINE_EVENT_HANDLERS = [
    "window.history.go(-1);return false",
    "history.go(-1);return false",
    "window.close();return false;",
    "javascript:history.go(-1);",
    "window.print()",
    "window.location.href='/basket/';",
]


def _csp_hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


# Embedded videos in CMS pages (cms.blocks.VideoBlock).
VIDEO_EMBED_ORIGINS = [
    "https://www.youtube.com",
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "script-src-attr": [UNSAFE_HASHES, *map(_csp_hash, OSCAR_INLINE_EVENT_HANDLERS)],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", *MEDIA_ORIGINS],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF, *VIDEO_EMBED_ORIGINS],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Wagtail's and Django's admin still write inline scripts of their own (inline panels, date
# widgets), so these staff-only areas get a policy without nonces that still allows
# nothing from other origins; frame-ancestors 'self' keeps Wagtail's preview panel working.
CSP_ADMIN_PATH_PREFIXES = ["/cms/", "/django-admin/"]
# The shop's policy with those three differences (and no script-src-attr hash list, which
# would override 'unsafe-inline' for the admins' inline event handlers).
CSP_ADMIN_DIRECTIVES = {
    **{
        name: sources
        for name, sources in CONTENT_SECURITY_POLICY["DIRECTIVES"].items()
        if name != "script-src-attr"
    },
    "script-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:", *MEDIA_ORIGINS],
    "frame-ancestors": [SELF],
}
