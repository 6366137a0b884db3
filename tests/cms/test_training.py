"""Producers finish lessons and earn the course's badge on their producer page."""

import pytest

from cms import services
from cms.models import CourseCompletion, LessonCompletion, LessonPage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _lessons(course):
    return list(LessonPage.objects.child_of(course).order_by("path"))


def test_finishing_every_lesson_awards_the_badge_once(course, seller):
    first, second = _lessons(course)
    assert services.lesson_mark_done(user=seller.user, lesson=first) is None
    assert services.lesson_mark_done(user=seller.user, lesson=first) is None  # idempotent
    badge = services.lesson_mark_done(user=seller.user, lesson=second)
    assert badge is not None and badge.course_id == course.pk
    assert services.lesson_mark_done(user=seller.user, lesson=second) is None
    assert LessonCompletion.objects.filter(user=seller.user).count() == 2
    assert CourseCompletion.objects.filter(user=seller.user).count() == 1


def test_producer_marks_lessons_done_through_the_pages_and_the_badge_shows(client, course, seller):
    client.force_login(seller.user)
    first, second = _lessons(course)
    lesson_page = client.get(first.url).content.decode()
    assert "Tandai selesai" in lesson_page
    response = client.post(first.url + "selesai/")
    assert response.status_code == 302 and response["Location"].endswith(second.url)
    assert "badge" not in client.get(seller.get_absolute_url()).content.decode().lower().replace("badge-", "")
    response = client.post(second.url + "selesai/", follow=True)
    assert "Kemasan Rapi" in response.content.decode()
    producer_page = client.get(seller.get_absolute_url()).content.decode()
    assert "Lencana pelatihan" in producer_page and "Kemasan Rapi" in producer_page


def test_anonymous_visitors_are_sent_to_log_in(client, course):
    lesson = _lessons(course)[0]
    response = client.post(lesson.url + "selesai/")
    assert response.status_code == 302 and "login" in response["Location"]
    assert not LessonCompletion.objects.exists()


def test_buyers_without_a_producer_profile_cannot_record_progress(client, course):
    client.force_login(UserFactory())
    response = client.post(_lessons(course)[0].url + "selesai/")
    assert response.status_code == 302
    assert not LessonCompletion.objects.exists()


def test_marking_done_needs_a_post(client, course, seller):
    client.force_login(seller.user)
    assert client.get(_lessons(course)[0].url + "selesai/").status_code == 405
