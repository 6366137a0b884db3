"""Django's Site names the shop's public address (SHOP_URL): password-reset and other links
that Django and Oscar build from it pointed at example.com, the Site `migrate` creates."""

from urllib.parse import urlsplit

from django.conf import settings


def site_sync(**kwargs) -> None:
    """post_migrate: the Site of SITE_ID takes SHOP_URL's host, so every deploy's migrate
    keeps it right."""
    from django.contrib.sites.models import Site

    Site.objects.update_or_create(
        pk=settings.SITE_ID,
        defaults={"domain": urlsplit(settings.SHOP_URL).netloc, "name": "Pasar Desmigratif"},
    )
    Site.objects.clear_cache()
