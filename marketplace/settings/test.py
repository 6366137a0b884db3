"""Tests: fast hashing, in-memory mail, no debug toolbar surprises."""

from csp.constants import UNSAFE_EVAL

from .base import *  # noqa: F403
from .base import env

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The fault suite's worker writes its mail to files it counts (EMAIL_FILE_PATH).
EMAIL_BACKEND = env("TEST_EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default="")
# TASKS_BACKEND=django_tasks_db.DatabaseBackend: the fault suite's shop queues its tasks for
# a real `manage.py db_worker`, which it kills (tests/faults/test_worker_faults.py).
TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", default=TASKS["default"]["BACKEND"])}}  # noqa: F405
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
