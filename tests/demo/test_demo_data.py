import pytest
from django.core.management import call_command
from oscar.core.loading import get_model

from regions.models import Village
from sellers.models import SellerProfile

pytestmark = pytest.mark.django_db

Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")
Partner = get_model("partner", "Partner")


def _snapshot() -> dict:
    return {
        "villages": list(
            Village.objects.filter(is_desmigratif=True).order_by("code").values_list("code", "description")
        ),
        "sellers": list(SellerProfile.objects.order_by("slug").values_list("slug", "status", "village")),
        "partners": Partner.objects.count(),
        "products": list(Product.objects.order_by("upc").values_list("upc", "title", "date_updated")),
        "stock": list(StockRecord.objects.order_by("id").values_list("price", "num_in_stock")),
        "images": list(ProductImage.objects.order_by("id").values_list("original")),
    }


def test_demo_data_builds_the_program_shop_and_a_second_run_changes_nothing(capsys):
    call_command("load_demo_data")
    first_output = capsys.readouterr().out
    assert "Products: 45/45" in first_output  # progress is printed

    kenanga = Village.objects.with_hierarchy().get(code="3212160010")
    assert (kenanga.name, kenanga.district.name, kenanga.regency.name, kenanga.province.name) == (
        "Kenanga",
        "Sindang",
        "Indramayu",
        "Jawa Barat",
    )
    assert kenanga.is_pilot
    kuripan = Village.objects.with_hierarchy().get(name="Kuripan", is_desmigratif=True)
    assert (kuripan.regency.name, kuripan.province.name, kuripan.is_pilot) == (
        "Wonosobo",
        "Jawa Tengah",
        True,
    )

    villages = Village.objects.filter(is_desmigratif=True)
    assert villages.count() >= 10
    provinces = set(villages.values_list("district__regency__province__name", flat=True))
    assert {"Jawa Barat", "Jawa Tengah", "Jawa Timur", "Lampung", "Sumatera Utara", "Banten"} <= provinces
    assert {"Kalimantan Barat", "Nusa Tenggara Barat", "Nusa Tenggara Timur"} <= provinces

    assert SellerProfile.objects.approved().count() >= 12
    products = Product.objects.filter(is_public=True)
    assert products.count() >= 40
    titles = " ".join(products.values_list("title", flat=True)).lower()
    for word in ("kerupuk kulit ikan", "bakso", "sirup mangga", "bordir", "anyaman"):
        assert word in titles
    assert all(product.images.exists() for product in products)
    assert all(product.stockrecords.exists() for product in products)
    # Every food product carries a permit number, as the catalogue requires.
    assert not products.filter(product_class__is_food=True, pirt_number="", bpom_number="").exists()

    before = _snapshot()
    call_command("load_demo_data")
    assert "nothing to change" in capsys.readouterr().out
    assert _snapshot() == before


def test_demo_images_are_real_jpegs_generated_with_pillow():
    from PIL import Image

    call_command("load_demo_data")
    image = ProductImage.objects.first()
    with Image.open(image.original.path) as picture:
        assert picture.format == "JPEG"
        assert picture.size == (800, 800)
