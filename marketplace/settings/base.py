"""Settings shared by every mode; local, production and test only override.

Everything that differs between machines is read from the environment, with
development defaults that need no services (SQLite, local memory cache). The settings of
one concern each are in modules of their own, imported here with all they set:
environment.py (BASE_DIR, env), files.py (static files and uploads), security.py (login
throttling, rate limits, Content Security Policy) and shop.py (Oscar, the marketplace's
rules, payments, product search).
"""

from django.utils.translation import gettext_lazy as _

from .environment import BASE_DIR, env
from .files import *  # noqa: F403
from .security import *  # noqa: F403
from .shop import *  # noqa: F403

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
    "address.apps.AddressConfig",
    "shipping.apps.ShippingConfig",
    "catalog.apps.CatalogueConfig",
    "oscar.apps.catalogue.reviews.apps.CatalogueReviewsConfig",
    "oscar.apps.communication.apps.CommunicationConfig",
    "partner.apps.PartnerConfig",
    "basket.apps.BasketConfig",
    "payment.apps.PaymentConfig",
    "oscar.apps.offer.apps.OfferConfig",
    "order.apps.OrderConfig",
    "storefront.apps.CustomerConfig",  # Oscar's, with its stock alerts kept to the shop
    "search.apps.SearchConfig",
    "oscar.apps.voucher.apps.VoucherConfig",
    "oscar.apps.wishlists.apps.WishlistsConfig",
    "oscar.apps.dashboard.apps.DashboardConfig",
    "staff.apps.ReportsDashboardConfig",  # Oscar's, read from the reports replica when set
    "oscar.apps.dashboard.users.apps.UsersDashboardConfig",
    "staff.apps.OrdersDashboardConfig",  # Oscar's, its status changes routed to the payment services
    "staff.apps.CatalogueDashboardConfig",  # Oscar's, cleaning product descriptions on save
    "staff.apps.OffersDashboardConfig",  # Oscar's, its search filters' label translated
    "oscar.apps.dashboard.partners.apps.PartnersDashboardConfig",
    "oscar.apps.dashboard.pages.apps.PagesDashboardConfig",
    "oscar.apps.dashboard.ranges.apps.RangesDashboardConfig",
    "oscar.apps.dashboard.reviews.apps.ReviewsDashboardConfig",
    "staff.apps.VouchersDashboardConfig",  # Oscar's, its search filters' label translated
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
    "family.apps.FamilyConfig",
    "ledger.apps.LedgerConfig",
    "complaints.apps.ComplaintsConfig",
    "exchange.apps.ExchangeConfig",
    "impact.apps.ImpactConfig",
    "privacy.apps.PrivacyConfig",
    "portal.apps.PortalConfig",
    "staff.apps.StaffConfig",
    "storefront.apps.StorefrontConfig",
    "demo.apps.DemoConfig",
]

# core comes before the third-party apps: its db_worker (a worker whose lost tasks are run
# again, core.workers) replaces django-tasks' own, and Django takes a command from the
# first app that has it.
INSTALLED_APPS = [
    *DJANGO_APPS,
    "core.apps.CoreConfig",
    *THIRD_PARTY_APPS,
    *OSCAR_APPS,
    *WAGTAIL_APPS,
    *LOCAL_APPS,
]

SITE_ID = 1

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "marketplace.middleware.ContentSecurityPolicyMiddleware",
    # Before anything that looks the request's values up in the database; below the CSP,
    # so that its 400 page has the policy too.
    "marketplace.middleware.NulByteMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below WhiteNoise, which answers static files before this is reached.
    "marketplace.middleware.PageCompressionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "marketplace.middleware.ShopLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Below CsrfViewMiddleware, so that the cookie of the token it writes into pages is sent.
    "marketplace.csrf.CsrfTokenMiddleware",
    # Django's, with the signed-in user's row from the cache (marketplace.users).
    "marketplace.users.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "basket.middleware.BasketMiddleware",
    # Below the two above: reads what a logged-in page's header will ask the cache for.
    "marketplace.prefetch.CachePrefetchMiddleware",
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
                "exchange.context_processors.country_of_work",
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
    # PostgreSQL's page costs (4 a random read, 1 a sequential one) are for data read from
    # disk. The shop's data is held in memory (README: shared_buffers), where a page costs
    # little beside the CPU of its rows, as PostgreSQL's documentation advises for a cached
    # database. With random 4 the planner read all 92,000 search entries to list one
    # category's 3,800 (80 ms instead of 30); with random 1.1 and sequential 1, at 1,000,000
    # products, a common word in one province and price band also read the 351,000 entries
    # of the band from the price index to AND them (95 ms; 49 ms from the word's and the
    # province's alone). Same ratio as SSD's usual 1.1, a fifth of the cost.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options",
        f"-c random_page_cost={env.float('DATABASE_RANDOM_PAGE_COST', default=0.22)} "
        f"-c seq_page_cost={env.float('DATABASE_SEQ_PAGE_COST', default=0.2)}",
    )
    # A database that does not answer fails the request in seconds (a 503 page), not a hang.
    DATABASES["default"]["OPTIONS"].setdefault("connect_timeout", 5)
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # `make run`'s SQLite: concurrent requests gave "database is locked" 500s. WAL lets reads go
    # on beside one writer; a transaction takes the write lock when it begins (IMMEDIATE), so it
    # never fails half-way, and waits up to 20 s for it.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        transaction_mode="IMMEDIATE",
        timeout=20,
    )
# Reusing connections matters: without it even a bare view was 15x slower here.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
# A reused connection is checked before each request: after a PostgreSQL restart or failover
# the next request opens a new one instead of failing on the dead one (fault suite).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Reports (impact dashboard, its exports, staff reports) read from a streaming replica when
# one is set, and fall back to the primary when it is down or behind (core.replica).
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    # Tests read "replica" from the test database itself rather than create a second one.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["core.replica.ReportsRouter"]
DATABASE_REPLICA_MAX_LAG_SECONDS = env.int("DATABASE_REPLICA_MAX_LAG_SECONDS", default=60)
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
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            # Redis down or unreachable must not take the shop with it: every cache call then
            # answers as a miss (logged), within half a second, and pages are built from the
            # database; sessions are read from it too (cached_db, below).
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5, "IGNORE_EXCEPTIONS": True},
        },
        "local": _LOCAL_CACHE,
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
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

# --- Language and time ------------------------------------------------------

LANGUAGE_CODE = "id"
LANGUAGES = [
    ("id", _("Bahasa Indonesia")),
    ("en", _("English")),
]
# Our English catalogue first, then our corrections to Oscar's Indonesian one, then the
# Wagtail admin strings its own Indonesian catalogue leaves in English.
LOCALE_PATHS = [
    BASE_DIR / "locale",
    BASE_DIR / "marketplace" / "locale_oscar",
    BASE_DIR / "marketplace" / "locale_wagtail",
]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
# A rate older than this many days is stale: prices converted with it are hidden (exchange app).
EXCHANGE_RATE_MAX_AGE_DAYS = env.int("EXCHANGE_RATE_MAX_AGE_DAYS", default=7)
# A whole page cached for anonymous visitors (core.cache.anonymous_page) is kept apart per
# value of each of these functions of the request: a buyer in Hong Kong gets HK$ beside the
# rupiah, an Indonesian visitor never does.
PAGE_CACHE_VARY = ["exchange.visitors.visitor_conversion_key"]

# --- E-mail -----------------------------------------------------------------

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
# smtp+tls://user:password@smtp.example.id:587 sets the backend, host, port and login at once.
if env("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Pasar Desmigratif <toko@pasardesmigratif.id>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Oscar's mails too (its other settings are in shop.py).
OSCAR_FROM_EMAIL = DEFAULT_FROM_EMAIL

# --- Background tasks -------------------------------------------------------

# Development and tests run tasks at once (after commit); production queues them in the
# database for `manage.py db_worker` (see production.py and docker-compose.yml); the fault
# suite's shop queues them too (test.py, TASKS_BACKEND).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# --- Wagtail ----------------------------------------------------------------

WAGTAIL_SITE_NAME = "Pasar Desmigratif"
# The shop's public address, for every link in an e-mail (core.emails.shop_url), Wagtail's
# included, and the domain of Django's Site (password resets; marketplace.apps keeps it so).
SHOP_URL = env("SHOP_URL", default="http://localhost:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SHOP_URL
WAGTAILADMIN_USER_LOGIN_FORM = "cms.admin_forms.LoginForm"  # its password field labelled in Indonesian
OSCAR_URL_SCHEMA = SHOP_URL.split("://", 1)[0]  # Oscar's links in its e-mails (password reset)
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
