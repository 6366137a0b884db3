"""Program staff see the figures in the admin, as a table, a chart and CSV."""

import csv
import io
from decimal import Decimal

import pytest
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils import translation

from impact.definitions import VILLAGE_FIGURES
from impact.selectors import Figures
from impact.templatetags.impact_tags import figure_cells
from tests.factories import ProductFactory, UserFactory
from tests.impact.conftest import make_sale

pytestmark = pytest.mark.django_db

URL = "/cms/dampak/"


@pytest.fixture
def sold(seller):
    product = ProductFactory(seller=seller, price=25000)
    return make_sale(seller, product, quantity=4, unit_price=Decimal("25000"))


def test_staff_see_table_and_svg_chart(staff_client, sold, seller):
    response = staff_client.get(URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert "<svg" in content and 'role="img"' in content
    assert seller.village.name in content
    assert seller.village.district.regency.province.name in content
    assert "Rp\xa0100.000" in content or "Rp&nbsp;100.000" in content


def test_csv_export_matches_the_report(staff_client, sold, seller):
    response = staff_client.get(URL, {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    village = next(row for row in rows if row["tingkat"] == "desa" and row["kode"] == seller.village.code)
    assert (village["pesanan"], village["unit_terjual"], village["rupiah"]) == ("1", "4", "100000")
    total = rows[-1]
    assert total["tingkat"] == "total" and total["rupiah"] == "100000"
    # One language in the header (the figures' English code names were mixed in).
    assert list(rows[0]) == [
        "tingkat",
        "kode",
        "nama",
        "provinsi",
        "kabupaten_kota",
        "produsen",
        "produsen_aktif",
        "keluarga_terjangkau",
        "produk",
        "pesanan",
        "unit_terjual",
        "rupiah",
        "pendapatan_produsen",
        "pencairan",
        "pelatihan_tamat",
        "produsen_berlencana",
        "koperasi_aktif",
    ]


def test_non_staff_cannot_see_the_figures(client, sold):
    user = UserFactory()
    client.force_login(user)
    assert client.get(URL).status_code in (302, 403)


def test_anonymous_users_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]


def test_oscar_dashboard_links_to_the_figures(staff_client):
    content = staff_client.get("/dashboard/").content.decode()
    assert URL in content


def test_invalid_period_falls_back_to_this_year(staff_client, sold):
    response = staff_client.get(URL, {"start": "2026-12-31", "end": "2026-01-01"})
    assert response.status_code == 200
    assert response.context["form"].errors


@pytest.mark.parametrize(("language", "grouped"), [("id", "1.500"), ("en", "1,500")])
def test_the_tables_counts_are_grouped_as_the_readers_language_groups_them(language, grouped):
    units = next(figure for figure in VILLAGE_FIGURES if figure.key == "units")
    rupiah = next(figure for figure in VILLAGE_FIGURES if figure.key == "rupiah")
    with translation.override(language):
        cells = figure_cells(Figures(units=1500, rupiah=Decimal("1250000")), [units, rupiah])
        assert intcomma(1500) == grouped  # as the cells were written before: one tag a cell
    assert cells == f'<td data-figure="units">{grouped}</td><td data-figure="rupiah">Rp\xa01.250.000</td>'
