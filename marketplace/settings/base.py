"""Settings shared by every mode; local, production and test only override.

Everything that differs between machines is read from the environment, with
development defaults that need no services (SQLite, local memory cache).
"""

from decimal import Decimal
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _
from oscar.defaults import *  # noqa: F403 - Oscar's documented way to load its defaults

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

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
    "widget_tweaks",
    "haystack",
    "treebeard",
    "django_tables2",
    "sorl.thumbnail",
    "taggit",
    "modelcluster",
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
    "oscar.apps.basket.apps.BasketConfig",
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
]

INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + OSCAR_APPS + WAGTAIL_APPS + LOCAL_APPS

SITE_ID = 1

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "marketplace.middleware.ShopLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "oscar.apps.basket.middleware.BasketMiddleware",
    "django.contrib.flatpages.middleware.FlatpageFallbackMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
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
                "oscar.apps.search.context_processors.search_form",
                "oscar.apps.checkout.context_processors.checkout",
                "oscar.apps.communication.notifications.context_processors.notifications",
                "oscar.core.context_processors.metadata",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Data -------------------------------------------------------------------

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# Reusing connections matters: without it even a bare view was 15x slower here.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pasar-desmigratif",
        }
    }

AUTHENTICATION_BACKENDS = [
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

# --- E-mail -----------------------------------------------------------------

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
# smtp+tls://user:password@smtp.example.id:587 sets the backend, host, port and login at once.
if env("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Pasar Desmigratif <toko@pasardesmigratif.id>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

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


# Program staff review, manage and pay producers from Oscar's dashboard (sellers.dashboard).
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
