import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from wagtail.images.models import Image
from wagtail.models import Locale
from wagtail.rich_text import RichText

from cms import services
from cms.models import CourseIndexPage, CoursePage, HomePage, LessonPage, StoryIndexPage, StoryPage
from demo.images import product_picture
from tests.factories import UserFactory


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def home(db):
    return HomePage.objects.get(locale=Locale.get_default())


@pytest.fixture
def image(db):
    picture = Image(title="Kerupuk dijemur")
    picture.file = ImageFile(
        ContentFile(product_picture("Kerupuk dijemur", "food", size=400), name="kerupuk.jpg")
    )
    picture.save()
    return picture


@pytest.fixture
def story_index(home):
    return publish(home, StoryIndexPage(title="Cerita dari desa", slug="cerita", intro="Kisah dari desa."))


@pytest.fixture
def story(story_index, seller, product):
    page = StoryPage(
        title="Kerupuk kulit ikan Bu Warsini",
        slug="kerupuk-bu-warsini",
        intro="Dari kulit ikan sisa menjadi kerupuk.",
        body=[("paragraph", RichText("<p>Setiap Sabtu kami menggoreng.</p>"))],
    )
    page.producers = [seller]
    page.products = [product]
    page.villages = [seller.village]
    page.tags.add("pangan")
    return publish(story_index, page)


@pytest.fixture
def course(home):
    index = publish(home, CourseIndexPage(title="Pelatihan", slug="pelatihan"))
    course = publish(
        index,
        CoursePage(
            title="Kemasan dan label",
            slug="kemasan",
            topic=CoursePage.Topic.PACKAGING,
            intro="Label pangan.",
            badge_name="Kemasan Rapi",
        ),
    )
    for n, title in enumerate(["Memilih kemasan", "Isi label"], 1):
        publish(
            course,
            LessonPage(title=title, slug=f"pelajaran-{n}", body=[("paragraph", RichText(f"<p>{title}</p>"))]),
        )
    return course


@pytest.fixture
def roles(home, story_index):
    """An editor and a moderator in the program's Wagtail groups."""
    services.cms_roles_ensure()
    editor = UserFactory(username="editor")
    editor.groups.add(Group.objects.get(name=services.EDITORS_GROUP))
    moderator = UserFactory(username="moderator")
    moderator.groups.add(Group.objects.get(name=services.MODERATORS_GROUP))
    return editor, moderator
