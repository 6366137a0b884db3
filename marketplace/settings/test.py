"""Tests: fast hashing, in-memory mail, no debug toolbar surprises."""

from csp.constants import UNSAFE_EVAL

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = str(BASE_DIR / ".test-media")  # noqa: F405
MEDIA_URL = "/media/"
# Uploads on local disk whatever a developer's environment names (MEDIA_S3_BUCKET); the S3
# tests (tests/marketplace/test_scaling_settings.py) point at their own server themselves.
STORAGES = {  # noqa: F405
    **STORAGES,  # noqa: F405
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Playwright's wait_for_function() runs string predicates through eval() inside the page,
# which the shop's policy refuses. Browser tests get eval on top of it; the policy's own
# tests (tests/security, tests/browser/test_csp.py) put the real policy back.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": [*CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src"], UNSAFE_EVAL],
    }
}
