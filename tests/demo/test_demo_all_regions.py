"""`make run` loads every official region, so a buyer anywhere can enter an address (issue 14
item 6). The other demo tests keep to the program villages: the full import takes seconds."""

from pathlib import Path

import pytest
from django.urls import reverse

from demo.loader import DemoLoader
from regions.models import District, Province, Regency, Village
from tests.checkout.conftest import address_data, fill_basket

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def test_make_run_loads_the_demo_with_all_regions():
    run_target = ROOT.joinpath("Makefile").read_text().split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "load_demo_data --all-regions" in run_target


def _choices(page, level: str) -> list[str]:
    return [label for value, label in page.context["form"].fields[level].choices if value]


def test_all_regions_reach_the_checkout_and_a_second_load_skips_the_import(
    client, products, django_assert_max_num_queries
):
    loader = DemoLoader(report=lambda line: None, all_regions=True)
    loader.load_villages()
    assert loader.created["region imports"] == 1
    assert Village.objects.count() >= 81937 and District.objects.count() >= 7071

    again = DemoLoader(report=lambda line: None, all_regions=True)
    with django_assert_max_num_queries(40):  # a few counts and the program villages, no upsert
        again.load_villages()
    assert "region imports" not in again.created

    fill_basket(client, (products[0], 1))
    client.post(reverse("checkout:index"), {"username": "a@contoh.id", "options": "anonymous"})
    url = reverse("checkout:shipping-address")
    for province_name, regency_name, district_name, village_name in [
        ("DKI Jakarta", "Jakarta Selatan", "Kebayoran Baru", "Senayan"),
        ("Bali", "Gianyar", "Ubud", "Peliatan"),
    ]:
        province = Province.objects.get(name=province_name)
        regency = Regency.objects.get(province=province, name=regency_name)
        district = District.objects.get(regency=regency, name=district_name)
        village = Village.objects.get(district=district, name=village_name)
        chosen = {"province": province.pk}
        page = client.post(url, {**address_data(village), **chosen, "_pilih_wilayah": "1"})
        assert regency_name in " ".join(_choices(page, "regency"))
        chosen["regency"] = regency.pk
        page = client.post(url, {**address_data(village), **chosen, "_pilih_wilayah": "1"})
        assert district_name in " ".join(_choices(page, "district"))
        chosen["district"] = district.pk
        page = client.post(url, {**address_data(village), **chosen, "_pilih_wilayah": "1"})
        assert village_name in " ".join(_choices(page, "village"))
        assert village.name in page.content.decode()

        response = client.post(url, address_data(village))
        assert response.status_code == 302, response.content.decode()[:2000]
