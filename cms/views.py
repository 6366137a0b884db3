from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from cms import selectors, services


def lesson_mark_done_view(request, *, lesson):
    """POST from a lesson page: a logged-in producer marks it done."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return redirect_to_login(lesson.url)
    if not selectors.user_is_producer(user=request.user):
        messages.error(request, _("Hanya produsen yang terdaftar yang bisa mencatat kemajuan belajar."))
        return redirect(lesson.url)
    badge = services.lesson_mark_done(user=request.user, lesson=lesson)
    course = lesson.get_parent().specific
    if badge is not None:
        messages.success(
            request,
            _("Selamat! Anda menamatkan %(course)s dan mendapat lencana “%(badge)s”.")
            % {"course": course.title, "badge": course.badge_name},
        )
        return redirect(course.url)
    messages.success(request, _("Pelajaran ditandai selesai."))
    next_lesson = course.lessons().filter(path__gt=lesson.path).first()
    return redirect(next_lesson.url if next_lesson else course.url)
