"""Editors and staff read their tools in Indonesian (issue 14 item 11).

Wagtail's own Indonesian catalogue covers about a tenth of its admin, and Oscar's dashboard
has English of its own; marketplace/locale_wagtail and locale_oscar fill what these pages use.
The test records every catalogue lookup while the pages render, so a string nobody listed
still fails it (tests/marketplace/untranslated.py).
"""

from pathlib import Path

import pytest
import wagtail
from django.urls import reverse
from django.utils.translation.trans_real import DjangoTranslation
from wagtail.models import Page

from cms.models import StoryPage
from payment.services import payment_create
from tests.factories.orders import order_with_lines
from tests.marketplace.untranslated import has_entry, po_msgids, untranslated_lookups

pytestmark = pytest.mark.django_db


def _pages(client, user, urls) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    if user is not None:
        client.force_login(user)
    client.cookies["django_language"] = "id"
    for url in urls:
        with untranslated_lookups("id") as missing:
            response = client.get(url, follow=True)
        assert response.status_code == 200, (url, response.status_code)
        for msgid in missing:
            found.setdefault(msgid, set()).add(url)
    client.logout()
    return found


@pytest.fixture
def submitted_story(roles, story_index):
    """A story an editor sent for review, as the moderator finds it on the dashboard."""
    editor, _moderator = roles
    story = StoryPage(title="Panen mangga", slug="panen-mangga", intro="Musim panen di Kenanga.", live=False)
    story_index.add_child(instance=story)
    story.save_revision(user=editor)
    story.get_workflow().start(story, editor)
    return story


def _editor_urls(story, image) -> list[str]:
    home = Page.objects.get(depth=2)
    return [
        "/cms/",
        "/cms/pages/",
        f"/cms/pages/{home.pk}/",
        f"/cms/pages/{story.get_parent().pk}/",
        f"/cms/pages/{story.pk}/edit/",
        f"/cms/pages/{story.pk}/history/",
        f"/cms/pages/add/cms/storypage/{story.get_parent().pk}/",
        "/cms/pages/search/?q=mangga",
        "/cms/images/",
        "/cms/images/multiple/add/",
        f"/cms/images/{image.pk}/",
        "/cms/documents/",
        "/cms/documents/multiple/add/",
        "/cms/account/",
        "/cms/reports/site-history/",
        "/cms/reports/aging-pages/",
    ]


def test_the_wagtail_admin_has_no_english_for_editors_and_moderators(client, roles, submitted_story, image):
    editor, moderator = roles
    urls = _editor_urls(submitted_story, image)

    found = _pages(client, None, ["/cms/login/", "/cms/password_reset/"])
    for user in (editor, moderator):
        for msgid, where in _pages(client, user, urls).items():
            found.setdefault(msgid, set()).update(where)
    moderator_only = [
        "/cms/reports/locked/",
        f"/cms/pages/{submitted_story.pk}/move/",
        f"/cms/pages/{submitted_story.get_parent().pk}/copy/",
    ]
    for msgid, where in _pages(client, moderator, moderator_only).items():
        found.setdefault(msgid, set()).update(where)

    assert not found, "\n".join(f"{msgid!r} on {sorted(where)[0]}" for msgid, where in sorted(found.items()))


def test_the_wagtail_admin_scripts_have_no_english():
    """The editor's buttons drawn by JavaScript (sidebar, comments, block editor)."""
    admin_locale = Path(wagtail.__file__).parent / "admin" / "locale"
    catalogue = DjangoTranslation("id", domain="djangojs", localedirs=[str(admin_locale)])
    msgids = po_msgids(admin_locale / "en" / "LC_MESSAGES" / "djangojs.po")

    assert len(msgids) > 50
    # Plural entries are keyed by (msgid, form) in the catalogue.
    untranslated = [m for m in msgids if not has_entry(catalogue, m) and not has_entry(catalogue, (m, 0))]
    assert sorted(untranslated) == []


def test_oscar_dashboard_pages_staff_use_have_no_english(client, staff_user, product):
    order, _parts = order_with_lines((product, 1))
    payment_create(order=order, method_code="bank_transfer")
    urls = [
        "/dashboard/",
        reverse("dashboard:order-list"),
        reverse("dashboard:order-list") + f"?order_number={order.number}&status=Pending",
        reverse("dashboard:order-detail", kwargs={"number": order.number}),
        reverse("dashboard:order-stats"),
        reverse("dashboard:catalogue-product-list"),
        reverse("dashboard:catalogue-product", kwargs={"pk": product.pk}),
        reverse("dashboard:catalogue-category-list"),
        reverse("dashboard:stock-alert-list"),
        reverse("dashboard:partner-list"),
        reverse("dashboard:offer-list") + "?name=lebaran",
        reverse("dashboard:voucher-list") + "?code=LEBARAN",
        reverse("dashboard:reviews-list"),
        reverse("dashboard:users-index"),
        reverse("dashboard:reports-index"),
    ]
    found = _pages(client, staff_user, urls)

    assert not found, "\n".join(f"{msgid!r} on {sorted(where)[0]}" for msgid, where in sorted(found.items()))


def test_the_search_filters_label_is_translated(client, staff_user, product):
    """Oscar's list templates wrote "Filters:" in plain English before the active filters."""
    client.force_login(staff_user)
    client.cookies["django_language"] = "id"
    for url in (
        reverse("dashboard:order-list") + "?status=Pending",
        reverse("dashboard:offer-list") + "?name=lebaran",
        reverse("dashboard:voucher-list") + "?code=LEBARAN",
    ):
        page = client.get(url).content.decode()
        assert "Filters:" not in page, url
        assert "Saringan:" in page, url


def test_the_editors_sign_in_form_labels_its_password_in_indonesian(client):
    """Wagtail's form gives its password field no label, so Django wrote "Password"."""
    client.cookies["django_language"] = "id"
    page = client.get("/cms/login/").content.decode()

    assert ">Password<" not in page.replace("\n", "").replace(" ", "")
    assert "Kata sandi" in page
