from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import LessonStreamBlock


class CourseIndexPage(Page):
    intro = models.TextField(_("ringkasan"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.CoursePage"]
    max_count_per_parent = 1
    template = "cms/course_index_page.html"

    class Meta:
        verbose_name = _("daftar pelatihan")

    def get_context(self, request, *args, **kwargs):
        from cms import selectors

        context = super().get_context(request, *args, **kwargs)
        context["courses"] = selectors.course_list(index=self, user=request.user)
        return context


class CoursePage(Page):
    """A course for producers; its lessons are its child pages, in tree order."""

    class Topic(models.TextChoices):
        FOOD_PROCESSING = "food", _("Pengolahan pangan")
        SEWING = "sewing", _("Menjahit dan bordir")
        LIVESTOCK = "livestock", _("Beternak")
        PACKAGING = "packaging", _("Kemasan dan label")
        PERMITS = "permits", _("Izin PIRT dan sertifikat halal")
        ONLINE_SELLING = "online", _("Berjualan daring")
        BOOKKEEPING = "bookkeeping", _("Pembukuan koperasi")

    topic = models.CharField(_("topik"), max_length=20, choices=Topic.choices)
    intro = models.TextField(_("ringkasan"), max_length=400)
    badge_name = models.CharField(
        _("nama lencana"),
        max_length=80,
        help_text=_("Tampil di halaman produsen yang menamatkan pelatihan ini."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("topic"),
        FieldPanel("intro"),
        FieldPanel("badge_name"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.FilterField("topic")]
    parent_page_types = ["cms.CourseIndexPage"]
    subpage_types = ["cms.LessonPage"]
    template = "cms/course_page.html"

    class Meta:
        verbose_name = _("pelatihan")
        verbose_name_plural = _("pelatihan")

    def lessons(self):
        return LessonPage.objects.live().child_of(self).order_by("path")

    def get_context(self, request, *args, **kwargs):
        from cms import selectors

        context = super().get_context(request, *args, **kwargs)
        context["lessons"] = self.lessons()
        context["done_keys"] = selectors.lessons_done_keys(user=request.user)
        context["completed"] = selectors.course_completed(user=request.user, course=self)
        return context


class LessonPage(RoutablePageMixin, Page):
    body = StreamField(LessonStreamBlock(), verbose_name=_("isi pelajaran"))
    minutes = models.PositiveSmallIntegerField(_("lama belajar (menit)"), default=15)

    content_panels = Page.content_panels + [FieldPanel("minutes"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]
    parent_page_types = ["cms.CoursePage"]
    subpage_types = []
    template = "cms/lesson_page.html"

    class Meta:
        verbose_name = _("pelajaran")
        verbose_name_plural = _("pelajaran")

    @path("")
    def lesson(self, request):
        from cms import selectors

        course = self.get_parent().specific
        context = {
            "course": course,
            "is_done": self.translation_key in selectors.lessons_done_keys(user=request.user),
            "can_mark": selectors.user_is_producer(user=request.user),
        }
        return self.render(request, context_overrides=context)

    @path("selesai/", name="done")
    def mark_done(self, request):
        from cms.views import lesson_mark_done_view

        return lesson_mark_done_view(request, lesson=self)


class LessonCompletion(models.Model):
    """A producer finished a lesson. Keyed by the lesson's translation key, so reading the
    English or the Indonesian version counts the same."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_completions"
    )
    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="completions")
    lesson_key = models.UUIDField(db_index=True)
    completed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pelajaran selesai")
        verbose_name_plural = _("pelajaran selesai")
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson_key"], name="one_completion_per_lesson")
        ]

    def __str__(self) -> str:
        return f"{self.user} ✓ {self.lesson}"


class CourseCompletion(models.Model):
    """The badge: every lesson of the course done. Kept when lessons are added later."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="course_completions"
    )
    course = models.ForeignKey(CoursePage, on_delete=models.CASCADE, related_name="completions")
    course_key = models.UUIDField(db_index=True)
    completed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["completed_at", "id"]
        verbose_name = _("pelatihan tamat")
        verbose_name_plural = _("pelatihan tamat")
        constraints = [models.UniqueConstraint(fields=["user", "course_key"], name="one_badge_per_course")]

    def __str__(self) -> str:
        return f"{self.user} 🏅 {self.course}"
