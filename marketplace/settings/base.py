"""Settings shared by every mode; local, production and test only override.

Everything that differs between machines is read from the environment, with
development defaults that need no services (SQLite, local memory cache).
"""

import base64
import hashlib
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONCE, NONE, SELF, UNSAFE_HASHES, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _
from oscar.defaults import *  # noqa: F403 - Oscar's documented way to load its defaults

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# A form from a shared page sent without JavaScript is offered again to confirm (marketplace.csrf).
CSRF_FAILURE_VIEW = "marketplace.csrf.csrf_failure"

# --- Applications -----------------------------------------------------------

DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.flatpages",
    "django.contrib.humanize",
]

THIRD_PARTY_APPS = [
    "axes",
    "csp",
    "widget_tweaks",
    "haystack",
    "treebeard",
    "django_tables2",
    "sorl.thumbnail",
    "taggit",
    "modelcluster",
    "django_tasks",
    "django_tasks_db",
]

# Oscar's apps in its own order, with our forks in place of the originals.
OSCAR_APPS = [
    "oscar.config.Shop",
    "oscar.apps.analytics.apps.AnalyticsConfig",
    "checkout.apps.CheckoutConfig",
    "oscar.apps.address.apps.AddressConfig",
    "shipping.apps.ShippingConfig",
    "catalog.apps.CatalogueConfig",
    "oscar.apps.catalogue.reviews.apps.CatalogueReviewsConfig",
    "oscar.apps.communication.apps.CommunicationConfig",
    "partner.apps.PartnerConfig",
    "basket.apps.BasketConfig",
    "payment.apps.PaymentConfig",
    "oscar.apps.offer.apps.OfferConfig",
    "order.apps.OrderConfig",
    "oscar.apps.customer.apps.CustomerConfig",
    "search.apps.SearchConfig",
    "oscar.apps.voucher.apps.VoucherConfig",
    "oscar.apps.wishlists.apps.WishlistsConfig",
    "oscar.apps.dashboard.apps.DashboardConfig",
    "oscar.apps.dashboard.reports.apps.ReportsDashboardConfig",
    "oscar.apps.dashboard.users.apps.UsersDashboardConfig",
    "oscar.apps.dashboard.orders.apps.OrdersDashboardConfig",
    "oscar.apps.dashboard.catalogue.apps.CatalogueDashboardConfig",
    "oscar.apps.dashboard.offers.apps.OffersDashboardConfig",
    "oscar.apps.dashboard.partners.apps.PartnersDashboardConfig",
    "oscar.apps.dashboard.pages.apps.PagesDashboardConfig",
    "oscar.apps.dashboard.ranges.apps.RangesDashboardConfig",
    "oscar.apps.dashboard.reviews.apps.ReviewsDashboardConfig",
    "oscar.apps.dashboard.vouchers.apps.VouchersDashboardConfig",
    "oscar.apps.dashboard.communications.apps.CommunicationsDashboardConfig",
    "oscar.apps.dashboard.shipping.apps.ShippingDashboardConfig",
]

WAGTAIL_APPS = [
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
]

LOCAL_APPS = [
    "marketplace.apps.MarketplaceConfig",
    "regions.apps.RegionsConfig",
    "sellers.apps.SellersConfig",
    "cms.apps.CmsConfig",
    "fulfilment.apps.FulfilmentConfig",
    "ledger.apps.LedgerConfig",
    "impact.apps.ImpactConfig",
    "privacy.apps.PrivacyConfig",
    "portal.apps.PortalConfig",
    "staff.apps.StaffConfig",
    "storefront.apps.StorefrontConfig",
    "demo.apps.DemoConfig",
]

INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + OSCAR_APPS + WAGTAIL_APPS + LOCAL_APPS

SITE_ID = 1

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "marketplace.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below WhiteNoise, which answers static files before this is reached.
    "marketplace.middleware.PageCompressionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "marketplace.middleware.ShopLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Below CsrfViewMiddleware, so that the cookie of the token it writes into pages is sent.
    "marketplace.csrf.CsrfTokenMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "oscar.apps.basket.middleware.BasketMiddleware",
    "django.contrib.flatpages.middleware.FlatpageFallbackMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "marketplace.middleware.RateLimitMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "marketplace.urls"
WSGI_APPLICATION = "marketplace.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "marketplace" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # Not Oscar's search_form: it built a search form on every page for templates
                # the shop replaced (its search pages make their own).
                "oscar.apps.checkout.context_processors.checkout",
                "marketplace.notifications.unread_notifications",
                "oscar.core.context_processors.metadata",
                "wagtail.contrib.settings.context_processors.settings",
                "marketplace.context_processors.cache_versions",
            ],
        },
    },
]

# --- Data -------------------------------------------------------------------

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's default cost of a random page read (4) is for spinning disks: with the
    # shop's data in memory or on SSD it made the planner read all 92,000 search entries to
    # list one category's 3,800 (80 ms instead of 30). 1.1 is the usual SSD setting.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", f"-c random_page_cost={env.float('DATABASE_RANDOM_PAGE_COST', default=1.1)}"
    )
# Reusing connections matters: without it even a bare view was 15x slower here.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# "local": the few fragments every page shows alike (footer, header search, category menu),
# kept in each web process so that a page spends no round trip on them ({% cache … using %}).
_LOCAL_CACHE = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "pasar-desmigratif-local",
    "OPTIONS": {"MAX_ENTRIES": 3000},
}
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        # django-redis keeps one client per server; Django's own backend built a new one (with
        # its table of ~80 response callbacks) for every cache call, 0.1 ms each here.
        "default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": REDIS_URL},
        "local": _LOCAL_CACHE,
    }
    # Sessions are read from Redis, so any web machine can answer any request, and written
    # through to the database too (cached_db, not cache): the Redis here keeps nothing on disk
    # and may evict under memory pressure, and a restart must not log every buyer out or lose
    # a checkout in progress. Writes cost what database sessions cost; reads come from Redis.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pasar-desmigratif",
            # Pages, fragments and search results by the versions of what they show (core.cache).
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
        "local": _LOCAL_CACHE,
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

AUTHENTICATION_BACKENDS = [
    # First: refuses every login attempt while its account + address is locked out (axes).
    "marketplace.ratelimit.LoginThrottleBackend",
    # Permission checks from the cache; logs no one in.
    "marketplace.permissions.CachedPermissionsBackend",
    "oscar.apps.customer.auth_backends.EmailBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_REDIRECT_URL = "/"

# --- Language, time, money --------------------------------------------------

LANGUAGE_CODE = "id"
LANGUAGES = [
    ("id", _("Bahasa Indonesia")),
    ("en", _("English")),
]
# Our English catalogue first, then our corrections to Oscar's Indonesian one.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "marketplace" / "locale_oscar"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

OSCAR_DEFAULT_CURRENCY = "IDR"
# Rupiah has no minor unit in daily use; one format for both UI languages.
OSCAR_CURRENCY_FORMAT = {
    "IDR": {"locale": "id_ID", "format": "¤\u00a0#,##0", "currency_digits": False},
}

# --- Static and media -------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env("MEDIA_ROOT", default=str(BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_PERMISSIONS = 0o644

# Uploads go to S3-compatible object storage when a bucket is named, so that every web
# machine and the worker see the same files (marketplace.storage); local disk otherwise.
MEDIA_S3_BUCKET = env("MEDIA_S3_BUCKET", default="")
# Empty means Amazon S3 itself; e.g. https://sgp1.digitaloceanspaces.com or a MinIO server.
MEDIA_S3_ENDPOINT_URL = env("MEDIA_S3_ENDPOINT_URL", default="").rstrip("/")
MEDIA_S3_REGION = env("MEDIA_S3_REGION", default="")
# The host name of the CDN in front of the bucket, e.g. media.pasardesmigratif.id.
MEDIA_S3_CUSTOM_DOMAIN = env("MEDIA_S3_CUSTOM_DOMAIN", default="").removeprefix("https://").strip("/")
if MEDIA_S3_BUCKET:
    _media_s3_options = {
        "bucket_name": MEDIA_S3_BUCKET,
        "endpoint_url": MEDIA_S3_ENDPOINT_URL or None,
        "region_name": MEDIA_S3_REGION or None,
        # Services other than AWS are addressed by path, which each of them supports; MEDIA_URL
        # below must name the origin the storage's URLs use.
        "addressing_style": "path" if MEDIA_S3_ENDPOINT_URL else "virtual",
        "custom_domain": MEDIA_S3_CUSTOM_DOMAIN or None,
        # Behind a CDN the objects are public and their URLs stable, so browsers and the CDN
        # can cache them; a bucket without a CDN may stay private, with signed URLs.
        "querystring_auth": not MEDIA_S3_CUSTOM_DOMAIN,
        # botocore would sign some URLs with the retired version 2, which newer AWS regions
        # (Jakarta's among them) and other services refuse.
        "signature_version": "s3v4",
        # The bucket's policy decides who may read; no per-object ACLs (many buckets refuse them).
        "default_acl": None,
        # Without overwriting (and with Oscar, Wagtail and sorl naming files uniquely) a URL's
        # content never changes, so it may be cached; for a week, not forever, so that a photo
        # erased on request (privacy app) leaves CDN caches soon even without a purge.
        "file_overwrite": False,
        "object_parameters": {"CacheControl": "public, max-age=604800"},
    }
    # Unset keys leave boto3 to its own sources: AWS_* variables, an instance or task role.
    if env("MEDIA_S3_ACCESS_KEY_ID", default=""):
        _media_s3_options["access_key"] = env("MEDIA_S3_ACCESS_KEY_ID")
        _media_s3_options["secret_key"] = env("MEDIA_S3_SECRET_ACCESS_KEY", default="")
    STORAGES["default"] = {"BACKEND": "marketplace.storage.MediaStorage", "OPTIONS": _media_s3_options}
    if MEDIA_S3_CUSTOM_DOMAIN:
        MEDIA_URL = f"https://{MEDIA_S3_CUSTOM_DOMAIN}/"
    elif MEDIA_S3_ENDPOINT_URL:
        MEDIA_URL = f"{MEDIA_S3_ENDPOINT_URL}/{MEDIA_S3_BUCKET}/"
    elif MEDIA_S3_REGION in ("", "us-east-1"):
        MEDIA_URL = f"https://{MEDIA_S3_BUCKET}.s3.amazonaws.com/"
    else:
        MEDIA_URL = f"https://{MEDIA_S3_BUCKET}.s3.{MEDIA_S3_REGION}.amazonaws.com/"
    # Nothing is written to local disk then. An empty MEDIA_ROOT also stops Oscar symlinking
    # its missing-image picture into a directory no other machine sees; `manage.py
    # upload_missing_image` puts it into the bucket instead.
    MEDIA_ROOT = ""

# sorl-thumbnail makes its storage from a class path without STORAGES' OPTIONS and reads its
# default for this only once; set here, it always follows the media storage.
THUMBNAIL_STORAGE = STORAGES["default"]["BACKEND"]
# Where browsers load uploads from, for the Content Security Policy's img-src below.
_media_url = urlsplit(MEDIA_URL)
MEDIA_ORIGINS = [f"{_media_url.scheme}://{_media_url.netloc}"] if _media_url.netloc else []

# --- E-mail -----------------------------------------------------------------

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
# smtp+tls://user:password@smtp.example.id:587 sets the backend, host, port and login at once.
if env("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Pasar Desmigratif <toko@pasardesmigratif.id>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background tasks -------------------------------------------------------

# Development and tests run tasks at once (after commit); production queues them in the
# database for `manage.py db_worker` (see production.py and docker-compose.yml).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# --- Marketplace rules ------------------------------------------------------

# Share of each delivered sale the program keeps, debited in the producer's ledger.
MARKETPLACE_COMMISSION_RATE = Decimal(env("MARKETPLACE_COMMISSION_RATE", default="0.05"))
# Delivery rate when neither the producer nor the program has one for a province.
MARKETPLACE_DEFAULT_SHIPPING_RATE = Decimal("20000")
# Hours a buyer has to complete a bank transfer before the order is cancelled.
BANK_TRANSFER_HOURS = 24
BANK_TRANSFER_ACCOUNT = {
    "bank": "Bank Rakyat Indonesia (BRI)",
    "number": "0123-01-000123-30-5",
    "holder": "Koperasi Pasar Desmigratif",
}
# Payment methods offered at checkout, in order; each is one class (payment.methods).
PAYMENT_METHODS = ["payment.methods.BankTransfer"]

# --- Oscar ------------------------------------------------------------------

OSCAR_SHOP_NAME = "Pasar Desmigratif"
OSCAR_SHOP_TAGLINE = _("Produk desa migran produktif")
OSCAR_HOMEPAGE = "/"
OSCAR_ALLOW_ANON_CHECKOUT = True
OSCAR_PRODUCTS_PER_PAGE = 24
OSCAR_FROM_EMAIL = DEFAULT_FROM_EMAIL
OSCAR_THUMBNAILER = "oscar.core.thumbnails.SorlThumbnail"
# The buyer's order as a whole; each producer's part has its own status (fulfilment).
OSCAR_INITIAL_ORDER_STATUS = "Pending"
OSCAR_INITIAL_LINE_STATUS = "Menunggu pembayaran"
OSCAR_ORDER_STATUS_PIPELINE = {
    "Pending": ("Paid", "Cancelled"),
    "Paid": ("Complete", "Refunded"),
    "Complete": ("Refunded",),
    "Cancelled": (),
    "Refunded": (),
}

# Oscar's class loader imports oscar.apps.search, which imports haystack, so a
# connection must exist even though our search app does not query through it.
HAYSTACK_CONNECTIONS = {"default": {"ENGINE": "haystack.backends.simple_backend.SimpleEngine"}}
HAYSTACK_SIGNAL_PROCESSOR = "haystack.signals.BaseSignalProcessor"


def _staff_only(user, *args, **kwargs) -> bool:
    # Oscar's default access check only knows its own dashboard apps' URLs.
    return user.is_active and user.is_staff


# Program staff review, manage and pay producers from Oscar's dashboard (the staff app).
OSCAR_DASHBOARD_NAVIGATION = [
    *OSCAR_DASHBOARD_NAVIGATION,
    {
        "label": _("Produsen"),
        "icon": "fas fa-store",
        "access_fn": _staff_only,
        "children": [
            {
                "label": _("Pendaftaran"),
                "url_name": "sellers-dashboard:application-list",
                "access_fn": _staff_only,
            },
            {
                "label": _("Semua produsen"),
                "url_name": "sellers-dashboard:seller-list",
                "access_fn": _staff_only,
            },
            {
                "label": _("Pencairan"),
                "url_name": "sellers-dashboard:payout-list",
                "access_fn": _staff_only,
            },
        ],
    },
    {
        "label": _("Pembayaran"),
        "icon": "fas fa-money-bill",
        "url_name": "payment-dashboard:list",
        "access_fn": _staff_only,
    },
]

# The program's impact figures live in the Wagtail admin (impact app); staff reach them
# from Oscar's dashboard too.
OSCAR_DASHBOARD_NAVIGATION = [
    *OSCAR_DASHBOARD_NAVIGATION,
    {
        "label": _("Dampak program"),
        "icon": "fas fa-chart-bar",
        "url_name": "impact:dashboard",
        "access_fn": _staff_only,
    },
]

# --- Wagtail ----------------------------------------------------------------

WAGTAIL_SITE_NAME = "Pasar Desmigratif"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://localhost:8000")
# Pages exist in Indonesian first, with English translations; URLs stay language-neutral
# (no /en/ prefix): the language comes from the switcher's cookie (ShopLocaleMiddleware).
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "odt", "txt"]
# Wagtail serves documents with nosniff and "default-src 'none'"; only PDFs open in the
# browser, everything else downloads.
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]
# Through Django even from object storage (Wagtail would redirect to the bucket), so each
# document's privacy settings and the headers above still apply.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# The admin talks to no other site: no Gravatar avatars (a hash of staff e-mails), no
# release check from the browser (the admin's Content Security Policy allows neither).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# --- External services ------------------------------------------------------

ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", default="")
# Product search (search.backends): Elasticsearch when a URL is given, else the database.
SEARCH_BACKEND = (
    "search.backends.elasticsearch.ElasticsearchBackend"
    if ELASTICSEARCH_URL
    else "search.backends.database.DatabaseBackend"
)
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="")
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY", default="")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="")
# Tests point these at localstripe; unset means Stripe's own endpoints.
STRIPE_API_BASE = env("STRIPE_API_BASE", default="")
STRIPE_JS_URL = env("STRIPE_JS_URL", default="https://js.stripe.com/v3/")
# Extra PaymentIntent parameters ("{order_number}" is filled in), e.g. {"description":
# "Pasar Desmigratif {order_number}"}; none by default, as localstripe refuses each of them.
STRIPE_PAYMENT_INTENT_OPTIONS: dict = {}
# Card payments are offered once Stripe is configured (payment.methods.StripeCard).
if STRIPE_SECRET_KEY:
    PAYMENT_METHODS = [*PAYMENT_METHODS, "payment.methods.StripeCard"]

# --- Security ---------------------------------------------------------------

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

# Requests per client address and window (marketplace.ratelimit), by URL name; a name
# ending in ":" covers its whole namespace. Generous, as carrier NAT puts many buyers
# behind one address; they stop scripted sign-ups, password guessing and search scraping.
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
        "limit": 30,
        "period": 600,
    },
    "search": {"views": ["search:"], "methods": ["GET"], "limit": 120, "period": 60},
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

# --- Logging ----------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "oscar.alerts": {"level": "WARNING"},
    },
}
