"""Reads of the program's pages that templates need, in the reader's language."""

from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.http import QueryDict
from oscar.core.loading import get_model
from taggit.models import Tag
from wagtail.models import Locale, Page

from catalog import selectors as catalog_selectors
from cms.models import (
    CourseCompletion,
    CourseIndexPage,
    CoursePage,
    HomePage,
    LessonCompletion,
    ProgramPage,
    ShopInfoPage,
    StoryIndexPage,
    StoryPage,
    VillagePage,
)
from regions.models import Village
from sellers.models import SellerProfile

Product = get_model("catalogue", "Product")

HOME_PRODUCTS = 8
HOME_PRODUCERS = 6
HOME_STORIES = 3


def in_active_language(pages) -> list[Page]:
    """One page per translation key: the reader's language where that version is live,
    otherwise the version given. Keeps the order of ``pages``."""
    pages = list(pages)
    if not pages:
        return []
    model = type(pages[0])
    active = Locale.get_active()
    keys = {page.translation_key for page in pages}
    translated = {
        page.translation_key: page
        for page in model.objects.live().public().filter(translation_key__in=keys, locale=active)
    }
    result, seen = [], set()
    for page in pages:
        if page.translation_key in seen:
            continue
        seen.add(page.translation_key)
        result.append(translated.get(page.translation_key, page))
    return result


def _default_locale_pages(queryset: QuerySet) -> QuerySet:
    return queryset.filter(locale=Locale.get_default())


# --- Stories ----------------------------------------------------------------


def stories_live() -> QuerySet:
    return StoryPage.objects.live().public().select_related("image").order_by("-date", "-first_published_at")


def stories_for_product(*, product, limit: int = 6) -> list[StoryPage]:
    return in_active_language(_default_locale_pages(stories_live().filter(products=product))[:limit])


def stories_for_seller(*, seller: SellerProfile, limit: int = 6) -> list[StoryPage]:
    return in_active_language(_default_locale_pages(stories_live().filter(producers=seller))[:limit])


def stories_for_village(*, village: Village, limit: int = 6) -> list[StoryPage]:
    # A story about one of the village's producers is a story of the village too.
    stories = stories_live().filter(villages=village) | stories_live().filter(producers__village=village)
    return in_active_language(_default_locale_pages(stories.distinct())[:limit])


@dataclass(frozen=True)
class StoryFilters:
    tag: str = ""
    village: str = ""
    producer: str = ""
    query: str = ""

    @classmethod
    def from_query(cls, params: QueryDict) -> "StoryFilters":
        return cls(
            tag=params.get("tag", "").strip()[:100],
            village=params.get("desa", "").strip()[:10],
            producer=params.get("produsen", "").strip()[:170],
            query=params.get("q", "").strip()[:200],
        )

    @property
    def active(self) -> bool:
        return any((self.tag, self.village, self.producer, self.query))


def story_list(*, index: StoryIndexPage, filters: StoryFilters):
    stories = stories_live().child_of(index)
    if filters.tag:
        stories = stories.filter(tags__slug=filters.tag)
    if filters.village:
        stories = stories.filter(villages__code=filters.village)
    if filters.producer:
        stories = stories.filter(producers__slug=filters.producer)
    stories = stories.distinct()
    if filters.query:
        # Wagtail's search, on the database backend (PostgreSQL full text, or SQLite's).
        return list(stories.search(filters.query, operator="and"))
    return stories


def story_tags(*, index: StoryIndexPage) -> QuerySet:
    return (
        Tag.objects.filter(cms_storypagetag_items__content_object__in=stories_live().child_of(index))
        .distinct()
        .order_by("name")
    )


def story_villages(*, index: StoryIndexPage) -> QuerySet:
    return Village.objects.filter(stories__in=stories_live().child_of(index)).distinct().order_by("name")


def story_producers(*, index: StoryIndexPage) -> QuerySet:
    return (
        SellerProfile.objects.filter(stories__in=stories_live().child_of(index)).distinct().order_by("name")
    )


# --- Home -------------------------------------------------------------------


def home_featured_products(*, home: HomePage, limit: int = HOME_PRODUCTS) -> list:
    """The editors' choice first, then the newest products until ``limit``."""
    browsable = catalog_selectors.product_list(sort=catalog_selectors.SORT_NEWEST)
    chosen_ids = list(home.featured_product_links.order_by("sort_order").values_list("product_id", flat=True))
    by_id = {product.id: product for product in browsable.filter(id__in=chosen_ids)}
    products = [by_id[pk] for pk in chosen_ids if pk in by_id][:limit]
    if len(products) < limit:
        products += list(browsable.exclude(id__in=[p.id for p in products])[: limit - len(products)])
    return products


def home_featured_producers(*, home: HomePage, limit: int = HOME_PRODUCERS) -> list:
    public = SellerProfile.objects.approved().select_related("village__district__regency__province")
    chosen_ids = list(home.featured_producer_links.order_by("sort_order").values_list("seller_id", flat=True))
    by_id = {seller.id: seller for seller in public.filter(id__in=chosen_ids)}
    sellers = [by_id[pk] for pk in chosen_ids if pk in by_id][:limit]
    if len(sellers) < limit:
        sellers += list(
            public.exclude(id__in=[s.id for s in sellers]).order_by("-approved_at", "-id")[
                : limit - len(sellers)
            ]
        )
    return sellers


def home_featured_stories(*, home: HomePage, limit: int = HOME_STORIES) -> list:
    chosen_ids = list(home.featured_story_links.order_by("sort_order").values_list("story_id", flat=True))
    by_id = {story.id: story for story in stories_live().filter(id__in=chosen_ids)}
    stories = [by_id[pk] for pk in chosen_ids if pk in by_id][:limit]
    if len(stories) < limit:
        stories += list(
            _default_locale_pages(
                stories_live().exclude(translation_key__in=[s.translation_key for s in stories])
            )[: limit - len(stories)]
        )
    return in_active_language(stories)


def program_pillars() -> list[ProgramPage]:
    pillars = _default_locale_pages(
        ProgramPage.objects.live().public().filter(pillar__isnull=False)
    ).order_by("pillar")
    return in_active_language(pillars)


def home_numbers() -> dict[str, int]:
    """Villages, producers and units sold, counted live (the impact dashboard's rules)."""
    from impact.selectors import units_sold_total

    return {
        "villages": Village.objects.desmigratif().count(),
        "producers": SellerProfile.objects.approved().count(),
        "units_sold": units_sold_total(),
    }


# --- Villages ---------------------------------------------------------------


def village_page_for(*, village: Village) -> VillagePage | None:
    page = _default_locale_pages(VillagePage.objects.live().public().filter(village=village)).first()
    return in_active_language([page])[0] if page else None


# --- Training ---------------------------------------------------------------


def user_is_producer(*, user) -> bool:
    return bool(user.is_authenticated and SellerProfile.objects.filter(user=user).exists())


def lessons_done_keys(*, user) -> set:
    if not user.is_authenticated:
        return set()
    return set(LessonCompletion.objects.filter(user=user).values_list("lesson_key", flat=True))


def course_completed(*, user, course: CoursePage) -> bool:
    return bool(
        user.is_authenticated
        and CourseCompletion.objects.filter(user=user, course_key=course.translation_key).exists()
    )


def course_list(*, index: CourseIndexPage, user) -> list[CoursePage]:
    courses = list(CoursePage.objects.live().public().child_of(index).order_by("path"))
    done = set()
    if user.is_authenticated:
        done = set(CourseCompletion.objects.filter(user=user).values_list("course_key", flat=True))
    for course in courses:
        course.is_completed = course.translation_key in done
    return courses


def badges_for_seller(*, seller: SellerProfile) -> list[CoursePage]:
    """The courses the producer's account has finished, in the reader's language."""
    if seller.user_id is None:
        return []
    completions = list(CourseCompletion.objects.filter(user_id=seller.user_id).select_related("course"))
    finished = {completion.course_key: completion.completed_at for completion in completions}
    courses = in_active_language([completion.course for completion in completions])
    for course in courses:
        course.completed_at = finished[course.translation_key]
    return courses


def course_figures_per_village(period) -> dict[str, dict[str, int]]:
    """The impact dashboard's training figures (impact.definitions), per producer's village:
    badges earned in the period (one per course finished) and the producers who earned them.
    Registered with impact.selectors at start-up (cms.apps), as impact sits below the CMS."""
    rows = (
        CourseCompletion.objects.filter(
            completed_at__gte=period.start_at,
            completed_at__lt=period.end_before,
            user__seller_profile__isnull=False,
        )
        .values("user__seller_profile__village_id")
        .annotate(n=Count("id"), producers=Count("user_id", distinct=True))
        .order_by()
    )
    return {
        row["user__seller_profile__village_id"]: {
            "courses_completed": row["n"],
            "trained_producers": row["producers"],
        }
        for row in rows
    }


# --- The shop's own pages -----------------------------------------------------


def shop_info_pages() -> dict[str, ShopInfoPage]:
    """The live page for each purpose (how to buy, terms, privacy, contact), in the reader's
    language where it is translated, in the footer's order."""
    pages = in_active_language(
        _default_locale_pages(ShopInfoPage.objects.live().public().exclude(purpose="")).order_by("path")
    )
    by_purpose = {page.purpose: page for page in pages}
    return {purpose: by_purpose[purpose] for purpose in ShopInfoPage.Purpose.values if purpose in by_purpose}


def training_index() -> CourseIndexPage | None:
    """The producers' training (the portal links it), in the reader's language."""
    index = _default_locale_pages(CourseIndexPage.objects.live().public()).first()
    return in_active_language([index])[0] if index is not None else None
