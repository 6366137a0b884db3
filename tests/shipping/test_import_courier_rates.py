"""The tariff import: a good file loads with progress; a file with bad rows names each by line
and writes nothing."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from shipping.models import CourierRate
from shipping.services import CSV_COLUMNS
from tests.factories import RegencyFactory
from tests.factories.shipping import courier_rate, courier_service

pytestmark = pytest.mark.django_db

HEADER = ",".join(CSV_COLUMNS) + "\n"


@pytest.fixture
def routes():
    courier_service("jne", "reg")
    courier_service("pos", "kilat-khusus")
    origin = RegencyFactory(name="Indramayu")
    destination = RegencyFactory(name="Jayapura")
    return origin, destination


def _write(tmp_path, rows: str):
    path = tmp_path / "tarif.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return str(path)


def test_a_good_file_loads_every_row_and_reports_progress(tmp_path, routes, capsys):
    origin, destination = routes
    province = destination.province_id
    path = _write(
        tmp_path,
        f"jne,reg,{origin.pk},{province},{destination.pk},82000,82000,5,8\n"
        f"jne,reg,{origin.pk},{province},,95000,95000,6,10\n"
        f"pos,kilat-khusus,{origin.pk},{province},,70.000,65.000,7,12\n",
    )
    call_command("import_courier_rates", path)
    out = capsys.readouterr().out
    assert "3 dari 3 baris tersimpan" in out and "3 tarif baru" in out
    fallback = CourierRate.objects.get(service__courier__code="pos", destination_regency__isnull=True)
    assert (fallback.first_kg_price, fallback.next_kg_price) == (Decimal("70000"), Decimal("65000"))
    assert (fallback.days_min, fallback.days_max) == (7, 12)
    assert CourierRate.objects.filter(destination_regency=destination).count() == 1


def test_importing_again_updates_the_route_instead_of_adding_one(tmp_path, routes, capsys):
    origin, destination = routes
    courier_rate(
        origin=origin,
        province=destination.province,
        regency=destination,
        service=courier_service(),
        first_kg=1,
    )
    call_command(
        "import_courier_rates",
        _write(tmp_path, f"jne,reg,{origin.pk},{destination.province_id},{destination.pk},82000,82000,5,8\n"),
    )
    assert "0 tarif baru, 1 diperbarui" in capsys.readouterr().out
    assert CourierRate.objects.get().first_kg_price == Decimal("82000")


def test_bad_rows_are_named_by_line_and_nothing_is_written(tmp_path, routes, capsys):
    origin, destination = routes
    province = destination.province_id
    other = RegencyFactory()  # in another province than the row says
    path = _write(
        tmp_path,
        f"jne,reg,{origin.pk},{province},{destination.pk},82000,82000,5,8\n"  # line 2: good
        f"tiki,ons,{origin.pk},{province},,9000,9000,1,2\n"  # line 3: unknown service
        f"jne,reg,9999,{province},{other.pk},9000,9000,1,2\n"  # line 4: two errors
        f"jne,reg,{origin.pk},{province},,sembilan ribu,9000,3,2\n",  # line 5: price, days
    )
    with pytest.raises(CommandError, match="kesalahan; tidak ada tarif yang disimpan"):
        call_command("import_courier_rates", path)
    errors = capsys.readouterr().err
    assert "baris 3: layanan tiki/ons tidak dikenal" in errors
    assert "baris 4: kabupaten asal 9999 tidak dikenal" in errors
    assert f"baris 4: kabupaten tujuan {other.pk} bukan bagian provinsi {province}" in errors
    assert "baris 5: first_kg harus angka Rupiah bulat" in errors
    assert "baris 2" not in errors
    assert not CourierRate.objects.exists()


def test_a_file_without_the_columns_is_refused(tmp_path, routes, capsys):
    path = tmp_path / "tarif.csv"
    path.write_text("kurir,harga\njne,9000\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_courier_rates", str(path))
    assert "Kolom tidak ada: courier" in capsys.readouterr().err


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_courier_rates", str(tmp_path / "tidak-ada.csv"))
