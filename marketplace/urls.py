import os

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from marketplace import csrf, languages, media, pwa, views
from portal import urls as portal_urls
from storefront import urls as storefront_urls

# Oscar's root redirect to OSCAR_HOMEPAGE would loop: "/" belongs to the Wagtail home page.
oscar_urls = [
    pattern for pattern in apps.get_app_config("oscar").urls[0] if getattr(pattern, "name", None) != "home"
]

urlpatterns = [
    path("healthz/", views.healthz, name="healthz"),
    path("csrf/", csrf.csrf_token_view, name="csrf-token"),
    # The installable app: served from the root, so the worker's scope is the whole shop.
    path("manifest.webmanifest", pwa.manifest, name="web-manifest"),
    path("sw.js", pwa.service_worker, name="service-worker"),
    path("offline/", pwa.offline_page, name="offline"),
    # Before Django's own i18n URLs: the switcher's choice is also kept for e-mails.
    path("i18n/setlang/", languages.language_switch, name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("django-admin/", admin.site.urls),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("dashboard/produsen/", include("staff.urls")),
    path("dashboard/pembayaran/", include("payment.dashboard.urls")),
    path("dashboard/belum-dibayar/", include("staff.unpaid_urls")),
    path("dashboard/komplain/", include("staff.complaint_urls")),
    path("dashboard/cod-diblokir/", include("staff.cod_urls")),
    path("pembayaran/", include("payment.urls")),
    path("", include("exchange.urls")),
    path("", include((storefront_urls.region_urlpatterns, "regions"))),
    path("", include((storefront_urls.order_urlpatterns, "orders"))),
    path("", include(("family.urls", "family"))),
    # One "sellers" namespace for the public producer pages and the producer's portal, as
    # before they were split into two apps: links everywhere reverse sellers:profile,
    # sellers:portal… (a namespace included twice could not reverse all its names).
    path("", include((storefront_urls.seller_urlpatterns + portal_urls.urlpatterns, "sellers"))),
    path("", include(oscar_urls)),
]

# Single-machine deployments serve uploads from disk, images inline and anything else as a
# download (marketplace.media); with object storage (MEDIA on S3) this route is unused.
if settings.MEDIA_URL.startswith("/"):
    urlpatterns += [path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", media.upload_serve)]

# Only bench/shop_server.py sets this. Read here rather than through a setting, so that a
# benchmark switch stays out of the settings and docker-compose.yml (whose web environment
# must list every variable the settings read: tests/marketplace/test_deployment.py).
if os.environ.get("BENCH_BARE_VIEW") == "1":
    urlpatterns += [path("bench/bare/", views.bench_bare, name="bench-bare")]

# Wagtail's catch-all goes last so it never shadows a shop URL.
urlpatterns += [path("", include(wagtail_urls))]

handler400 = "marketplace.views.bad_request"
handler404 = "marketplace.views.page_not_found"
handler500 = "marketplace.views.server_error"
