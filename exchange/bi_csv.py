"""Reading Bank Indonesia's "Kurs Transaksi BI" export: one row per currency and day.

BI's table has the columns Mata Uang, Nilai (the units quoted: 100 for JPY and KRW), Kurs
Jual, Kurs Beli and Tanggal, with Indonesian numbers ("11.177,12") and dates ("1/12/2026",
sometimes with "12:00:00 AM" after them). Saved from a spreadsheet the separator may be ";"
(Indonesian Excel) or ",", and the headers may be English (Currency, Value, Sell, Buy, Date).
Pure functions: no database here.
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from exchange.countries import FOREIGN_CURRENCY_CODES

RATE_PLACES = Decimal("0.0001")
COLUMNS = {
    "currency": ("mata uang", "currency", "kode"),
    "units": ("nilai", "value", "unit"),
    "sell": ("kurs jual", "sell", "jual"),
    "buy": ("kurs beli", "buy", "beli"),
    "date": ("tanggal", "date"),
}
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y")


@dataclass(frozen=True)
class RateRow:
    line: int
    currency: str
    date: datetime.date
    rate: Decimal  # rupiah per 1 unit: the middle of sell and buy, divided by the units quoted


class RateFileError(ValueError):
    """The file cannot be imported; `problems` lists each bad line ("baris 4: …")."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def indonesian_number(text: str) -> Decimal:
    """'11.177,12' -> 11177.12; also '16201.58' and '1,234.5' as English spreadsheets save."""
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "").removeprefix("Rp")
    if not cleaned:
        raise ValueError(_("angka kosong"))
    if "," in cleaned and (cleaned.rfind(",") > cleaned.rfind(".")):
        cleaned = cleaned.replace(".", "").replace(",", ".")  # Indonesian: dots group, comma decimals
    elif "." in cleaned and "," in cleaned:
        cleaned = cleaned.replace(",", "")  # English: commas group
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+", cleaned):
        cleaned = cleaned.replace(".", "")  # "16.201": Indonesian thousands without decimals
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(_("bukan angka: “%(text)s”") % {"text": text.strip()}) from None
    if not number.is_finite() or number <= 0:
        raise ValueError(_("harus lebih dari nol: “%(text)s”") % {"text": text.strip()})
    return number


def bi_date(text: str) -> datetime.date:
    """'1/12/2026', '1/12/2026 12:00:00 AM' or '2026-12-01' -> 1 December 2026 (day first, as BI)."""
    day_part = text.strip().split(" ")[0]
    for date_format in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(day_part, date_format).date()
        except ValueError:
            continue
    raise ValueError(_("tanggal tidak dikenali: “%(text)s”") % {"text": text.strip()})


def _column_map(header: list[str]) -> dict[str, int]:
    names = [name.strip().strip("\ufeff").lower() for name in header]
    found = {}
    for field, aliases in COLUMNS.items():
        for alias in aliases:
            if alias in names:
                found[field] = names.index(alias)
                break
    missing = [COLUMNS[field][0].title() for field in COLUMNS if field not in found]
    if missing:
        raise RateFileError([_("baris 1: kolom tidak ada: %(columns)s") % {"columns": ", ".join(missing)}])
    return found


def rate_rows_read(text: str) -> list[RateRow]:
    """Every row of a BI file, or RateFileError naming every bad line (nothing half-read).

    Currencies outside the countries of work (USD, EUR…) are skipped, not errors: BI's
    table lists them all."""
    text = text.lstrip("\ufeff")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = next(reader, None)
    if not header:
        raise RateFileError([_("berkas kosong")])
    columns = _column_map(header)
    rows, problems, seen = [], [], {}
    for line, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        try:
            row = _rate_row(line, cells, columns)
        except (ValueError, IndexError) as exc:
            message = str(exc) if isinstance(exc, ValueError) else _("kolom kurang")
            problems.append(_("baris %(line)s: %(problem)s") % {"line": line, "problem": message})
            continue
        if row is None:
            continue
        key = (row.currency, row.date)
        if key in seen:
            problems.append(
                _("baris %(line)s: %(currency)s %(date)s sudah ada di baris %(first)s")
                % {"line": line, "currency": row.currency, "date": row.date, "first": seen[key]}
            )
            continue
        seen[key] = line
        rows.append(row)
    if problems:
        raise RateFileError(problems)
    return rows


def _rate_row(line: int, cells: list[str], columns: dict[str, int]) -> RateRow | None:
    currency = cells[columns["currency"]].strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", currency):
        raise ValueError(_("kode mata uang tidak dikenali: “%(text)s”") % {"text": currency})
    if currency not in FOREIGN_CURRENCY_CODES:
        return None
    units = indonesian_number(cells[columns["units"]])
    sell = indonesian_number(cells[columns["sell"]])
    buy = indonesian_number(cells[columns["buy"]])
    if buy > sell:
        raise ValueError(_("kurs beli lebih tinggi dari kurs jual"))
    middle = ((sell + buy) / 2 / units).quantize(RATE_PLACES, rounding=ROUND_HALF_UP)
    return RateRow(line=line, currency=currency, date=bi_date(cells[columns["date"]]), rate=middle)
