"""Writes of the program's content: the site root, editor roles, lesson progress, embeds."""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from cms.models import CourseCompletion, CoursePage, HomePage, LessonCompletion, LessonPage

EDITORS_GROUP = "Editor program"
MODERATORS_GROUP = "Moderator program"
WORKFLOW_NAME = "Moderasi konten program"
APPROVAL_TASK_NAME = "Persetujuan moderator"


def homepage_ensure() -> bool:
    """Make the shop's HomePage the default site's root; True when something changed.

    The cms migration does this on a fresh database; this repairs a database where an
    editor removed or replaced it, or where everything was flushed (transactional tests).
    """
    default_locale, _created = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if Collection.get_first_root_node() is None:
        # Images and documents need the root collection Wagtail's migration creates.
        Collection.add_root(name="Root")
    homepage = HomePage.objects.filter(locale=default_locale).first()
    changed = False
    if homepage is None:
        root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
        homepage = root.add_child(
            instance=HomePage(
                title="Beranda",
                slug="beranda",
                locale=default_locale,
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


def _permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@transaction.atomic
def cms_roles_ensure() -> bool:
    """Editors write and submit, moderators approve and publish; True when something changed.

    Every page under the home pages (both languages) goes through one approval task for
    the moderators' group, so an editor's story is published only by a moderator.
    """
    changed = False
    editors, created = Group.objects.get_or_create(name=EDITORS_GROUP)
    changed |= created
    moderators, created = Group.objects.get_or_create(name=MODERATORS_GROUP)
    changed |= created
    access_admin = _permission("wagtailadmin", "access_admin")
    for group in (editors, moderators):
        if not group.permissions.filter(pk=access_admin.pk).exists():
            group.permissions.add(access_admin)
            changed = True
    moderators.permissions.add(_permission("simple_translation", "submit_translation"))

    page_permissions = {
        editors: ["add_page", "change_page"],
        moderators: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    }
    media_permissions = {
        editors: [
            ("wagtailimages", "add_image"),
            ("wagtailimages", "choose_image"),
            ("wagtaildocs", "add_document"),
            ("wagtaildocs", "choose_document"),
        ],
        moderators: [
            ("wagtailimages", "add_image"),
            ("wagtailimages", "change_image"),
            ("wagtailimages", "choose_image"),
            ("wagtaildocs", "add_document"),
            ("wagtaildocs", "change_document"),
            ("wagtaildocs", "choose_document"),
        ],
    }
    homes = list(HomePage.objects.all())
    collection = Collection.get_first_root_node()
    for group, codenames in page_permissions.items():
        for home in homes:
            for codename in codenames:
                _obj, created = GroupPagePermission.objects.get_or_create(
                    group=group, page=home, permission=_permission("wagtailcore", codename)
                )
                changed |= created
        if collection is not None:
            for app_label, codename in media_permissions[group]:
                _obj, created = GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=collection, permission=_permission(app_label, codename)
                )
                changed |= created

    workflow, created = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    changed |= created
    task = GroupApprovalTask.objects.filter(name=APPROVAL_TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=APPROVAL_TASK_NAME)
        task.groups.set([moderators])
        changed = True
    _obj, created = WorkflowTask.objects.get_or_create(
        workflow=workflow, task=task, defaults={"sort_order": 0}
    )
    changed |= created
    for home in homes:
        link = WorkflowPage.objects.filter(page=home).first()
        if link is None or link.workflow_id != workflow.pk:
            WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
            changed = True
    return changed


@transaction.atomic
def lesson_mark_done(*, user, lesson: LessonPage) -> CourseCompletion | None:
    """Record that ``user`` finished ``lesson``; award the course badge when every live
    lesson of the course is done. Returns the badge when this call completed the course."""
    if not user.is_authenticated:
        raise PermissionError(_("Masuk dulu untuk menandai pelajaran selesai."))
    LessonCompletion.objects.get_or_create(
        user=user, lesson_key=lesson.translation_key, defaults={"lesson": lesson}
    )
    course = lesson.get_parent().specific
    if not isinstance(course, CoursePage):
        return None
    lesson_keys = set(course.lessons().values_list("translation_key", flat=True))
    done = set(
        LessonCompletion.objects.filter(user=user, lesson_key__in=lesson_keys).values_list(
            "lesson_key", flat=True
        )
    )
    if not lesson_keys or done != lesson_keys:
        return None
    badge, created = CourseCompletion.objects.get_or_create(
        user=user, course_key=course.translation_key, defaults={"course": course}
    )
    return badge if created else None


def embed_register(
    *, url: str, html: str, title: str = "", max_width: int | None = 800, provider_name: str = ""
) -> Embed:
    """Store a video's player HTML so pages show it without asking the provider (demo data,
    tests, or a provider that cannot be reached from the server)."""
    embed, _created = Embed.objects.update_or_create(
        hash=get_embed_hash(url, max_width),
        defaults={
            "url": url,
            "max_width": max_width,
            "type": "video",
            "html": html,
            "title": title,
            "provider_name": provider_name,
            "width": 800,
            "height": 450,
        },
    )
    return embed
