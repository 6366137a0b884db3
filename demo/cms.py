"""The demo page tree: home in two languages, program pages, a page for every demo village,
stories linked to producers and products, courses with lessons, editor and moderator.

Idempotent like the shop's demo loader: every page is looked up by its slug under its
parent, and only what is missing is created (and counted)."""

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils.text import slugify
from oscar.core.loading import get_model
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Locale, Page
from wagtail.rich_text import RichText

from cms import services
from cms.models import (
    CourseIndexPage,
    CoursePage,
    HomePage,
    LessonPage,
    ProgramPage,
    ShopInfoPage,
    StoryIndexPage,
    StoryPage,
    VillageIndexPage,
    VillagePage,
    VillagePhoto,
)
from demo import cms_content as content
from demo import cms_shop_pages
from demo.images import product_picture
from regions.models import Village
from sellers.models import SellerProfile

Product = get_model("catalogue", "Product")

EDITOR = ("editor", "editor@pasardesmigratif.id", services.EDITORS_GROUP)
MODERATOR = ("moderator", "moderator@pasardesmigratif.id", services.MODERATORS_GROUP)
BADGE_PRODUCER = "dapur-bu-warsini"


def _body(blocks) -> list:
    return [(kind, RichText(value) if kind == "paragraph" else value) for kind, value in blocks]


class CmsDemoLoader:
    def __init__(self, report: Callable[[str], None], count: Callable[[str], None], password: str):
        self.report = report
        self.count = count
        self.password = password

    def run(self) -> None:
        services.homepage_ensure()
        self.home = HomePage.objects.get(locale=Locale.get_default())
        self.english = self._english_locale()
        self.load_program()
        self.load_villages()
        self.load_stories()
        self.load_courses()
        self.load_translations()
        self.load_shop_pages()  # after the English home, which their translations go under
        if services.cms_roles_ensure():
            self.count("editor roles")
        self.load_accounts()
        self.report(
            f"Pages: {Page.objects.filter(depth__gt=1).count()} in the tree "
            f"(editor / moderator log in at /cms/ with password {self.password})"
        )

    # --- helpers ------------------------------------------------------------

    def _english_locale(self) -> Locale:
        locale, created = Locale.objects.get_or_create(language_code="en")
        if created:
            self.count("locales")
        return locale

    def _child(self, parent: Page, model, slug: str, **fields) -> Page:
        page = model.objects.child_of(parent).filter(slug=slug).first()
        if page is None:
            page = parent.add_child(instance=model(slug=slug, **fields))
            page.save_revision().publish()
            self.count("pages")
        return page

    def _image(self, title: str, kind: str = "craft") -> Image:
        image = Image.objects.filter(title=title).first()
        if image is None:
            image = Image(title=title)
            image.file = ImageFile(
                ContentFile(product_picture(title, kind), name=f"{slugify(title)[:60]}.jpg")
            )
            image.save()
            self.count("images")
        return image

    # --- steps --------------------------------------------------------------

    @transaction.atomic
    def load_program(self) -> None:
        program = self._child(
            self.home,
            ProgramPage,
            content.PROGRAM["slug"],
            title=content.PROGRAM["title"],
            intro=content.PROGRAM["intro"],
            body=_body(content.PROGRAM["body"]),
            sources=content.PROGRAM["sources"],
        )
        for pillar in content.PILLARS:
            self._child(
                program,
                ProgramPage,
                pillar["slug"],
                title=pillar["title"],
                intro=pillar["intro"],
                pillar=pillar["pillar"],
                body=_body(pillar["body"]),
                sources=pillar["sources"],
            )
        self.report(f"Program pages: 1 + {len(content.PILLARS)} pillars ready")

    @transaction.atomic
    def load_villages(self) -> None:
        index = self._child(
            self.home,
            VillageIndexPage,
            "profil-desa",
            title="Profil desa",
            intro="Kisah desa-desa Migran Produktif, dengan produsen dan produknya.",
        )
        villages = Village.objects.desmigratif().with_hierarchy()
        for village in villages:
            if VillagePage.objects.filter(village=village, locale=self.home.locale).exists():
                continue
            story = content.VILLAGE_STORIES.get(village.code)
            page = VillagePage(
                title=str(village),
                slug=slugify(f"{village.name}-{village.regency.name}"),
                village=village,
                body=[("paragraph", RichText(story))] if story else [],
            )
            alt = f"Suasana {village} (gambar ilustrasi)"
            page.photos = [
                VillagePhoto(image=self._image(f"Desa {village.name} {village.code}"), alt_text=alt)
            ]
            index.add_child(instance=page)
            page.save_revision().publish()
            self.count("pages")
        self.report(f"Village pages: {villages.count()} ready")

    @transaction.atomic
    def load_stories(self) -> None:
        index = self._child(
            self.home,
            StoryIndexPage,
            "cerita",
            title="Cerita dari desa",
            intro="Kisah keluarga pekerja migran yang membangun usaha di desa Desmigratif.",
        )
        for slug, title, seller_slugs, product_titles, tags, paragraph, quote in content.STORIES:
            if StoryPage.objects.child_of(index).filter(slug=slug).exists():
                continue
            sellers = list(SellerProfile.objects.filter(slug__in=seller_slugs))
            products = list(Product.objects.filter(upc__in=[f"PD-{slugify(t)[:40]}" for t in product_titles]))
            image = self._image(title, "food" if "pangan" in tags else "craft")
            story = StoryPage(
                title=title,
                slug=slug,
                intro=f"{paragraph} {content.ILLUSTRATIVE}",
                image=image,
                image_alt=f"Gambar ilustrasi: {title}",
                body=[
                    ("paragraph", RichText(f"<p>{paragraph}</p><p><em>{content.ILLUSTRATIVE}</em></p>")),
                    ("quote", {"text": quote, "attribution": sellers[0].name if sellers else ""}),
                ],
            )
            story.producers = sellers
            story.products = products
            story.villages = sorted({seller.village for seller in sellers}, key=lambda v: v.code)
            story.tags.add(*tags)
            index.add_child(instance=story)
            story.save_revision().publish()
            self.count("pages")
        self.report(f"Stories: {len(content.STORIES)} ready")

    @transaction.atomic
    def load_courses(self) -> None:
        index = self._child(
            self.home,
            CourseIndexPage,
            "pelatihan",
            title="Pelatihan produsen",
            intro="Pelajaran singkat untuk produsen: kerjakan kapan saja, tandai selesai, dapatkan lencana.",
        )
        worksheet = self._worksheet()
        for slug, title, topic, badge, intro, lessons in content.COURSES:
            course = self._child(
                index, CoursePage, slug, title=title, topic=topic, badge_name=badge, intro=intro
            )
            for n, (lesson_slug, lesson_title, minutes, text) in enumerate(lessons):
                body = [("paragraph", RichText(f"<p>{text}</p>"))]
                if n == 0:
                    body.append(("document", {"document": worksheet, "title": "Lembar kerja (PDF)"}))
                self._child(course, LessonPage, lesson_slug, title=lesson_title, minutes=minutes, body=body)
        self._award_demo_badge()
        self.report(f"Courses: {len(content.COURSES)} ready")

    def _worksheet(self) -> Document:
        title = "Lembar kerja pelatihan produsen"
        document = Document.objects.filter(title=title).first()
        if document is None:
            import io

            from PIL import Image as PILImage

            buffer = io.BytesIO()
            PILImage.open(io.BytesIO(product_picture(title, "craft", size=600))).save(buffer, "PDF")
            document = Document(title=title)
            document.file = ContentFile(buffer.getvalue(), name="lembar-kerja-pelatihan.pdf")
            document.save()
            self.count("documents")
        return document

    def _award_demo_badge(self) -> None:
        seller = SellerProfile.objects.filter(slug=BADGE_PRODUCER).select_related("user").first()
        course = CoursePage.objects.filter(slug=content.COURSES[0][0], locale=self.home.locale).first()
        if seller is None or seller.user is None or course is None:
            return
        if course.completions.filter(user=seller.user).exists():
            return
        for lesson in course.lessons():
            services.lesson_mark_done(user=seller.user, lesson=lesson)
        self.count("course badges")

    @transaction.atomic
    def load_shop_pages(self) -> None:
        """How to buy, terms, privacy and contact, with their English versions: the footer
        and the checkout link them (cms.ShopInfoPage)."""
        for spec in cms_shop_pages.SHOP_PAGES:
            page = self._child(
                self.home,
                ShopInfoPage,
                spec["slug"],
                title=spec["title"],
                purpose=spec["purpose"],
                intro=spec["intro"],
                body=_body(spec["body"]),
            )
            self._translate(page, spec["en"])
        self.report(
            f"Shop pages: {len(cms_shop_pages.SHOP_PAGES)} ready (how to buy, terms, privacy, contact)"
        )

    def _translate(self, page: Page, english: dict) -> None:
        """The English version of a page with a title, an intro and a body, once."""
        if page.has_translation(self.english):
            return
        translated = page.copy_for_translation(self.english)
        translated.title = english["title"]
        translated.intro = english["intro"]
        translated.body = _body(english["body"])
        translated.save_revision().publish()
        self.count("translations")

    @transaction.atomic
    def load_translations(self) -> None:
        """English versions of the home and the program pages; other pages fall back to Indonesian."""
        home_en = self.home.get_translation_or_none(self.english)
        if home_en is None:
            home_en = self.home.copy_for_translation(self.english)
            for name, value in content.HOME_EN.items():
                setattr(home_en, name, value)
            home_en.save_revision().publish()
            self.count("translations")
        program = ProgramPage.objects.child_of(self.home).get(slug=content.PROGRAM["slug"])
        pages = [(program, content.PROGRAM["en"])]
        pages += [
            (ProgramPage.objects.child_of(program).get(slug=pillar["slug"]), pillar["en"])
            for pillar in content.PILLARS
        ]
        for page, english in pages:
            self._translate(page, english)
        self.report("English: home and program pages ready")

    @transaction.atomic
    def load_accounts(self) -> None:
        from django.contrib.auth.models import Group

        User = get_user_model()
        for username, email, group_name in (EDITOR, MODERATOR):
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User.objects.create_user(username=username, email=email, password=self.password)
                self.count("editor accounts")
            group = Group.objects.get(name=group_name)
            if not user.groups.filter(pk=group.pk).exists():
                user.groups.add(group)
        self.report(f"Editors: {EDITOR[1]} and {MODERATOR[1]} (usernames editor, moderator)")
