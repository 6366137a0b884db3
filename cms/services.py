from django.conf import settings
from wagtail.models import Locale, Page, Site

from cms.models import HomePage


def homepage_ensure() -> bool:
    """Make the shop's HomePage the default site's root; True when something changed.

    The cms migration does this on a fresh database; this repairs a database where an
    editor removed or replaced it, or where everything was flushed (transactional tests).
    """
    homepage = HomePage.objects.first()
    changed = False
    if homepage is None:
        Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
        root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
        homepage = root.add_child(
            instance=HomePage(
                title="Beranda",
                slug="beranda",
                hero_title="Produk desa migran produktif, langsung dari pembuatnya",
            )
        )
        changed = True
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=homepage, is_default_site=True)
        changed = True
    elif site.root_page_id != homepage.pk:
        site.root_page = homepage
        site.save()
        changed = True
    return changed
