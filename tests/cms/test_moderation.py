"""Editors submit, moderators approve: nothing an editor writes goes live on its own."""

import pytest
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cms import services
from cms.models import StoryPage

pytestmark = pytest.mark.django_db


def _story_form(seller, product, **extra):
    # nested_form_data would flatten lists into "producers-0": multiple choices go beside it.
    return {
        **nested_form_data(
            {
                "title": "Kerupuk yang sampai ke Jakarta",
                "slug": "kerupuk-jakarta",
                "date": "2026-11-01",
                "intro": "Pesanan pertama dari kota.",
                "image_alt": "",
                "body": streamfield([("paragraph", rich_text("<p>Cerita editor.</p>"))]),
                "tags": "pangan",
                "comments": inline_formset([]),
                **extra,
            }
        ),
        "producers": [seller.pk],
        "products": [product.pk],
    }


def test_roles_are_created_once(home):
    assert services.cms_roles_ensure() is True
    assert services.cms_roles_ensure() is False


def test_editor_submits_a_story_and_only_the_moderator_publishes_it(
    client, roles, story_index, seller, product
):
    editor, moderator = roles
    client.force_login(editor)
    url = f"/cms/pages/add/cms/storypage/{story_index.pk}/"
    response = client.post(url, _story_form(seller, product, **{"action-submit": "Submit"}))
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    story = StoryPage.objects.get(slug="kerupuk-jakarta")
    assert not story.live
    state = WorkflowState.objects.get(object_id=str(story.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert story.revisions.count() == 1

    # The editor's "publish" is refused: publishing is the moderators' right.
    client.post(f"/cms/pages/{story.pk}/edit/", _story_form(seller, product, **{"action-publish": "publish"}))
    story.refresh_from_db()
    assert not story.live

    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, moderator, "approve")
    story.refresh_from_db()
    assert story.live
    assert list(story.producers.all()) == [seller]
    assert list(story.products.all()) == [product]


def test_moderators_hear_of_a_submission_in_indonesian_with_links_to_the_shop(
    client, roles, story_index, seller, product, settings
):
    from django.core import mail

    editor, moderator = roles
    client.force_login(editor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the editor works in English
    url = f"/cms/pages/add/cms/storypage/{story_index.pk}/"
    mail.outbox.clear()
    response = client.post(url, _story_form(seller, product, **{"action-submit": "Submit"}))
    assert response.status_code == 302

    (message,) = [m for m in mail.outbox if moderator.email in m.to]
    assert message.subject == (
        'Halaman "Kerupuk yang sampai ke Jakarta" diajukan untuk disetujui pada tahap moderasi '
        '"Persetujuan moderator"'
    )
    assert "Halo" in message.body and "submitted" not in message.body
    links = [word for word in message.body.split() if "://" in word]
    assert links and all(link.startswith(settings.WAGTAILADMIN_BASE_URL + "/cms/") for link in links)
    assert settings.WAGTAILADMIN_BASE_URL == settings.SHOP_URL
