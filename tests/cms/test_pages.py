"""The program's page types render, from live shop data where they show it."""

import pytest
from wagtail.embeds import embeds
from wagtail.models import Locale
from wagtail.rich_text import RichText

from cms import services
from cms.models import (
    HomeFeaturedProduct,
    ProgramPage,
    StoryPage,
    VillageIndexPage,
    VillagePage,
    VillagePhoto,
)
from tests.cms.conftest import publish
from tests.factories import CooperativeFactory, ProductFactory, SellerProfileFactory

pytestmark = pytest.mark.django_db

VIDEO_URL = "https://www.youtube.com/watch?v=contoh-desmigratif"


def test_home_shows_editor_choices_first_then_recent_products(client, home, seller):
    older = ProductFactory(seller=seller, title="Emping Melinjo")
    newest = ProductFactory(seller=seller, title="Dodol Mangga")
    HomeFeaturedProduct.objects.create(page=home, product=older, sort_order=0)
    response = client.get("/")
    featured = response.context["featured_products"]
    assert featured[0] == older
    assert newest in featured
    assert len(featured) == 2


def test_home_numbers_are_counted_live(client, home, seller):
    SellerProfileFactory(status="applied")
    numbers = client.get("/").context["numbers"]
    assert numbers["producers"] == 1  # only approved producers
    assert numbers["villages"] >= 1
    assert numbers["units_sold"] == 0


def test_home_lists_the_four_pillars_in_order(client, home):
    program = publish(home, ProgramPage(title="Tentang Desmigratif", slug="program", intro="Program."))
    for number, title in [(2, "Usaha produktif"), (1, "Pusat layanan migrasi")]:
        publish(program, ProgramPage(title=title, slug=f"pilar-{number}", intro=title, pillar=number))
    response = client.get("/")
    assert [p.title for p in response.context["pillars"]] == ["Pusat layanan migrasi", "Usaha produktif"]
    page = client.get(program.url).content.decode()
    assert "Pusat layanan migrasi" in page


def test_village_page_shows_the_village_record_and_its_shop_live(client, home, seller, product, image):
    cooperative = CooperativeFactory(village=seller.village, name="Koperasi Sukamaju Sejahtera")
    index = publish(home, VillageIndexPage(title="Profil desa", slug="profil-desa"))
    page = VillagePage(
        title=str(seller.village),
        slug="sukamaju",
        village=seller.village,
        body=[("paragraph", RichText("<p>Kisah desa.</p>"))],
    )
    page.photos = [VillagePhoto(image=image, alt_text="Kerupuk dijemur di halaman")]
    page = publish(index, page)
    # The description lives on the village record only: editing it changes the page.
    seller.village.description = "Deskripsi baru dari data desa."
    seller.village.save()
    content = client.get(page.url).content.decode()
    for text in (
        "Deskripsi baru dari data desa.",
        seller.name,
        product.title,
        cooperative.name,
        "Kisah desa.",
    ):
        assert text in content
    assert 'alt="Kerupuk dijemur di halaman"' in content
    assert ".webp" in content and "srcset=" in content


def test_a_village_has_one_page_per_language(home, seller):
    from django.core.exceptions import ValidationError

    index = publish(home, VillageIndexPage(title="Profil desa", slug="profil-desa"))
    publish(index, VillagePage(title="Desa", slug="desa-1", village=seller.village))
    duplicate = VillagePage(title="Desa lagi", slug="desa-2", village=seller.village, locale=home.locale)
    with pytest.raises(ValidationError):
        duplicate.full_clean()


def test_story_body_renders_every_block_without_fetching_a_video(client, story_index, image, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("an embed was fetched while rendering")

    monkeypatch.setattr(embeds, "get_finder_for_embed", no_network)
    services.embed_register(
        url=VIDEO_URL, html='<iframe title="Video" src="https://www.youtube-nocookie.com/embed/x"></iframe>'
    )
    story = publish(
        story_index,
        StoryPage(
            title="Cerita lengkap",
            slug="lengkap",
            intro="Semua jenis isi.",
            body=[
                ("paragraph", RichText("<p>Paragraf cerita.</p>")),
                ("image", {"image": image, "alt_text": "Kerupuk dijemur", "caption": "Menjemur kerupuk"}),
                ("quote", {"text": "Kami tidak berangkat lagi.", "attribution": "Bu Warsini"}),
                ("video", {"video": VIDEO_URL, "caption": "Video pelatihan"}),
            ],
        ),
    )
    content = client.get(story.url).content.decode()
    for text in (
        "Paragraf cerita.",
        'alt="Kerupuk dijemur"',
        "Menjemur kerupuk",
        "Kami tidak berangkat lagi.",
        "youtube-nocookie",
    ):
        assert text in content
    assert "format-webp" in content


def test_image_block_requires_alt_text(image):
    from wagtail.blocks import StreamBlockValidationError

    block = StoryPage.body.field.stream_block
    value = block.to_python([{"type": "image", "value": {"image": image.pk, "alt_text": "", "caption": ""}}])
    with pytest.raises(StreamBlockValidationError):
        block.clean(value)


def test_story_index_filters_by_tag_village_producer_and_search(client, story, story_index, seller):
    other = publish(
        story_index, StoryPage(title="Tenun ikat Timor", slug="tenun", intro="Penenun belajar memotret kain.")
    )
    other.tags.add("kerajinan")
    other.save_revision().publish()

    def titles(query):
        return [s.title for s in client.get(story_index.url + query).context["stories"]]

    assert set(titles("")) == {story.title, other.title}
    assert titles("?tag=pangan") == [story.title]
    assert titles(f"?desa={seller.village.code}") == [story.title]
    assert titles(f"?produsen={seller.slug}") == [story.title]
    assert titles("?q=memotret") == [other.title]


def test_story_feed_is_rss_with_the_newest_stories(client, story, story_index):
    response = client.get(story_index.url + "rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    content = response.content.decode()
    assert "<rss" in content and story.title in content and f"http://testserver{story.url}" in content


def test_wagtail_page_search_works_on_the_database_backend(story):
    results = StoryPage.objects.live().search("kerupuk")
    assert story in list(results)


def test_english_reader_gets_the_translation_at_the_same_address(client, home):
    program = publish(home, ProgramPage(title="Tentang Desmigratif", slug="program", intro="Program desa."))
    english = Locale.objects.create(language_code="en")
    home_en = home.copy_for_translation(english)
    home_en.save_revision().publish()
    program_en = program.copy_for_translation(english)
    program_en.title = "About Desmigratif"
    program_en.save_revision().publish()

    assert "Tentang Desmigratif" in client.get("/program/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    content = client.get("/program/").content.decode()
    assert "About Desmigratif" in content
    assert '<html lang="en"' in content


def test_english_reader_falls_back_to_indonesian_where_no_translation_exists(client, home, story):
    english = Locale.objects.create(language_code="en")
    home.copy_for_translation(english).save_revision().publish()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get(story.url)
    assert response.status_code == 200
    assert story.title in response.content.decode()
