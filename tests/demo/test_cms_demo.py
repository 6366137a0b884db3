"""The demo loader builds the program's page tree, and a second run changes nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page

from cms import services
from cms.models import (
    CourseCompletion,
    CoursePage,
    HomePage,
    LessonPage,
    ProgramPage,
    ShopInfoPage,
    StoryPage,
    VillagePage,
)
from regions.models import Village

pytestmark = pytest.mark.django_db


def test_demo_page_tree_is_complete_and_idempotent(client, capsys):
    call_command("load_demo_data")
    capsys.readouterr()

    assert ProgramPage.objects.filter(locale__language_code="id", pillar__isnull=False).count() == 4
    assert ProgramPage.objects.filter(locale__language_code="en").count() == 5
    assert HomePage.objects.filter(locale__language_code="en", live=True).exists()
    for village in Village.objects.desmigratif():
        assert VillagePage.objects.live().filter(village=village, locale__language_code="id").exists()
    stories = StoryPage.objects.live()
    assert stories.count() >= 6
    assert all(story.producers.exists() and story.products.exists() for story in stories)
    assert CoursePage.objects.live().count() >= 3
    assert all(LessonPage.objects.child_of(course).exists() for course in CoursePage.objects.all())
    assert CourseCompletion.objects.exists()  # one demo producer shows a badge
    users = get_user_model().objects.filter(username__in=["editor", "moderator"])
    assert {group for user in users for group in user.groups.values_list("name", flat=True)} == {
        services.EDITORS_GROUP,
        services.MODERATORS_GROUP,
    }
    # The program page quotes its sources by publisher.
    program = ProgramPage.objects.get(slug="program", locale__language_code="id")
    content = client.get(program.url).content.decode()
    for publisher in ("Liputan6", "Bisnis.com", "Kemnaker"):
        assert publisher in content

    # How to buy, terms, privacy and contact, in both languages, linked from every footer.
    for language in ("id", "en"):
        purposes = ShopInfoPage.objects.live().filter(locale__language_code=language)
        assert set(purposes.values_list("purpose", flat=True)) == set(ShopInfoPage.Purpose.values)
    home_page = client.get("/").content.decode()
    for page in ShopInfoPage.objects.filter(locale__language_code="id"):
        assert f'href="{page.url}"' in home_page
    privacy = client.get(ShopInfoPage.objects.get(purpose="privacy", locale__language_code="id").url)
    assert "UU No. 27 Tahun 2022" in privacy.content.decode()

    pages_before = list(Page.objects.order_by("path").values_list("path", "title", "latest_revision_id"))
    call_command("load_demo_data")
    assert "nothing to change" in capsys.readouterr().out
    assert (
        list(Page.objects.order_by("path").values_list("path", "title", "latest_revision_id")) == pages_before
    )
