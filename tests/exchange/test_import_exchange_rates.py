import datetime
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from exchange.bi_csv import indonesian_number
from exchange.models import ExchangeRate

pytestmark = pytest.mark.django_db

HEADER = "Mata Uang;Nilai;Kurs Jual;Kurs Beli;Tanggal\n"
GOOD = (
    HEADER
    + "USD;1;16.764,21;16.597,41;1/12/2026 12:00:00 AM\n"
    + "HKD;1;2.155,88;2.134,22;1/12/2026 12:00:00 AM\n"
    + "JPY;100;10.873,40;10.764,85;1/12/2026 12:00:00 AM\n"
    + "KRW;100;1.152,36;1.140,52;1/12/2026\n"
)


def write(tmp_path, text, name="kurs.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def rates():
    return {(rate.currency, rate.date): rate.rate for rate in ExchangeRate.objects.all()}


def test_bi_file_stores_the_middle_rate_per_one_unit_and_prints_what_changed(tmp_path, capsys):
    call_command("import_exchange_rates", write(tmp_path, GOOD))
    day = datetime.date(2026, 12, 1)
    # USD is in BI's table but no country of work pays in it.
    assert rates() == {
        ("HKD", day): Decimal("2145.0500"),
        ("JPY", day): Decimal("108.1913"),  # (10873.40 + 10764.85) / 2 / 100
        ("KRW", day): Decimal("11.4644"),
    }
    out = capsys.readouterr().out
    assert "HKD 2026-12-01: (new) -> 2145.0500" in out
    assert "3 rates changed." in out

    changed = GOOD.replace("2.155,88;2.134,22", "2.165,88;2.144,22")
    call_command("import_exchange_rates", write(tmp_path, changed))
    out = capsys.readouterr().out
    assert "HKD 2026-12-01: 2145.0500 -> 2155.0500" in out
    assert "JPY" not in out
    assert "1 rates changed." in out


def test_importing_the_same_file_again_changes_nothing(tmp_path, capsys):
    path = write(tmp_path, GOOD)
    call_command("import_exchange_rates", path)
    before = list(ExchangeRate.objects.values_list("pk", "rate", "date_updated").order_by("pk"))
    capsys.readouterr()
    call_command("import_exchange_rates", path)
    assert list(ExchangeRate.objects.values_list("pk", "rate", "date_updated").order_by("pk")) == before
    assert "nothing changed" in capsys.readouterr().out


def test_bad_rows_are_named_by_line_and_nothing_is_written(tmp_path):
    bad = (
        HEADER
        + "HKD;1;2.155,88;2.134,22;1/12/2026\n"
        + "JPY;100;sepuluh ribu;10.764,85;1/12/2026\n"
        + "SGD;1;12.942,18;12.811,44;31/13/2026\n"
        + "MYR;1;3.958,20;3.998,57;1/12/2026\n"  # buy above sell: columns swapped
        + "HKD;1;2.155,88;2.134,22;1/12/2026\n"
    )
    with pytest.raises(CommandError) as raised:
        call_command("import_exchange_rates", write(tmp_path, bad))
    message = str(raised.value)
    assert "Nothing imported" in message
    assert "baris 3: bukan angka: “sepuluh ribu”" in message
    assert "baris 4: tanggal tidak dikenali: “31/13/2026”" in message
    assert "baris 5: kurs beli lebih tinggi dari kurs jual" in message
    assert "baris 6: HKD 2026-12-01 sudah ada di baris 2" in message
    assert "baris 2:" not in message  # the good row is not named
    assert not ExchangeRate.objects.exists()


def test_a_file_without_bi_columns_is_refused(tmp_path):
    with pytest.raises(CommandError, match="kolom tidak ada: Kurs Jual, Kurs Beli"):
        call_command("import_exchange_rates", write(tmp_path, "Mata Uang;Nilai;Tanggal\nHKD;1;1/12/2026\n"))
    assert not ExchangeRate.objects.exists()


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_exchange_rates", str(tmp_path / "tidak-ada.csv"))


def test_comma_separated_english_export_is_read_too(tmp_path):
    text = 'Currency,Value,Sell,Buy,Date\nSGD,1,"12,942.18","12,811.44",2026-12-01\n'
    call_command("import_exchange_rates", write(tmp_path, text))
    assert rates() == {("SGD", datetime.date(2026, 12, 1)): Decimal("12876.8100")}


@pytest.mark.parametrize(
    "text, number",
    [
        ("2.123,45", Decimal("2123.45")),
        ("16.201", Decimal("16201")),
        ("532,74", Decimal("532.74")),
        ("1.152.360,5", Decimal("1152360.5")),
        ("16201.58", Decimal("16201.58")),
        ("12,811.44", Decimal("12811.44")),
        ("Rp 2.155,88", Decimal("2155.88")),
    ],
)
def test_indonesian_numbers(text, number):
    assert indonesian_number(text) == number


@pytest.mark.parametrize("text", ["", "abc", "-5", "0", "NaN"])
def test_numbers_that_are_no_rate_are_refused(text):
    with pytest.raises(ValueError):
        indonesian_number(text)


def test_demo_sample_file_imports(capsys):
    from demo.loader import EXCHANGE_RATES_CSV

    call_command("import_exchange_rates", str(EXCHANGE_RATES_CSV))
    assert ExchangeRate.objects.filter(date=datetime.date(2026, 12, 1)).count() == 7
