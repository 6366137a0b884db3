"""The impact report as CSV and as XLSX, from one ImpactReport.

The CSV keeps fixed column names (spreadsheets and scripts key on them). The XLSX is for
people at the ministry: Indonesian headings, one sheet per level (provinsi, kabupaten,
desa), the orders from abroad, and a "Definisi" sheet with what each figure means
(impact.definitions, the texts the dashboard and the README show). It is written with
openpyxl's write_only mode, which streams rows to the file instead of building every cell
in memory first.
"""

import csv
import datetime as dt
import io
import zoneinfo
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

from impact.definitions import COUNTRY_FIGURES, PILLARS, VILLAGE_FIGURES, definition_rows
from impact.selectors import CountryFigures, ImpactReport

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_HEADER = [
    "tingkat",
    "kode",
    "nama",
    "provinsi",
    "kabupaten_kota",
    *(figure.column for figure in VILLAGE_FIGURES),
]
RUPIAH_FORMAT = "#,##0"
WIB = zoneinfo.ZoneInfo("Asia/Jakarta")


def _filename(report: ImpactReport, extension: str) -> str:
    period = report.period
    return f"dampak-desmigratif-{period.start}-{period.end}.{extension}"


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _plain(value) -> str:
    # Whole Rupiah, no thousands separator: spreadsheets read it as a number.
    return f"{value:.0f}" if not isinstance(value, int) else str(value)


def csv_response(report: ImpactReport) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    writer = csv.writer(response)
    writer.writerow(CSV_HEADER)
    for province in report.provinces:
        writer.writerow(_csv_row(province, province.name, ""))
        for regency in province.children:
            writer.writerow(_csv_row(regency, province.name, regency.name))
            for village in regency.children:
                writer.writerow(_csv_row(village, province.name, regency.name))
    writer.writerow(
        ["total", "", "", "", "", *(_plain(getattr(report.total, f.key)) for f in VILLAGE_FIGURES)]
    )
    return _attachment(response, _filename(report, "csv"))


def _csv_row(row, province: str, regency: str) -> list:
    figures = (_plain(getattr(row.figures, figure.key)) for figure in VILLAGE_FIGURES)
    return [row.level, row.code, row.name, province, regency, *figures]


def _wib(moment: dt.datetime) -> dt.datetime:
    # Excel has no time zones: the time as a clock in Jakarta shows it, labelled WIB.
    return timezone.localtime(moment, WIB).replace(tzinfo=None)


def _number(value):
    # Whole Rupiah as whole numbers (a Decimal's ".00" would read back as a float); lazy
    # translations (country names) as the text they stand for.
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    if isinstance(value, Promise):
        return str(value)
    return value


class _Sheet:
    """A write_only worksheet with bold headings and Rupiah shown with thousands separators."""

    def __init__(self, workbook: Workbook, title: str, widths: list[int]):
        self.sheet = workbook.create_sheet(title)
        for n, width in enumerate(widths):
            self.sheet.column_dimensions[chr(ord("A") + n)].width = width

    def heading(self, values: list) -> None:
        self.sheet.append([self._cell(value, bold=True) for value in values])

    def row(self, values: list, rupiah: tuple[bool, ...] = (), bold: bool = False) -> None:
        cells = []
        for n, value in enumerate(values):
            is_rupiah = n < len(rupiah) and rupiah[n]
            cells.append(self._cell(value, bold=bold, number_format=RUPIAH_FORMAT if is_rupiah else None))
        self.sheet.append(cells)

    def _cell(self, value, *, bold=False, number_format=None, wrap=False):
        cell = WriteOnlyCell(self.sheet, value=_number(value))
        if bold:
            cell.font = Font(bold=True)
        if number_format:
            cell.number_format = number_format
        if wrap:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        return cell

    def text_row(self, values: list) -> None:
        self.sheet.append([self._cell(value, wrap=True) for value in values])


LEVEL_SHEETS = {
    # level: (sheet title, how many of its parents, province and kabupaten, are shown beside it)
    "provinsi": ("Provinsi", 0),
    "kabupaten": ("Kabupaten", 1),
    "desa": ("Desa", 2),
}


def xlsx_workbook(report: ImpactReport, abroad: list[CountryFigures], *, generated_at: dt.datetime) -> bytes:
    """The whole export as the bytes of an .xlsx file, in Indonesian whatever the reader's language."""
    with translation.override("id"):
        workbook = Workbook(write_only=True)
        parents = _parents(report)
        figure_rupiah = tuple(figure.rupiah for figure in VILLAGE_FIGURES)
        for level, rows in report.levels().items():
            title, depth = LEVEL_SHEETS[level]
            place_headings = [_("Kode"), _("Nama")] + [_("Provinsi"), _("Kabupaten/kota")][:depth]
            sheet = _Sheet(workbook, title, [14, 32] + [24] * depth + [16] * len(VILLAGE_FIGURES))
            sheet.heading([*place_headings, *(str(figure.label) for figure in VILLAGE_FIGURES)])
            no_money = (False,) * len(place_headings)
            for row in rows:
                place = [row.code, row.name, *parents[row.code][:depth]]
                figures = [getattr(row.figures, figure.key) for figure in VILLAGE_FIGURES]
                sheet.row([*place, *figures], rupiah=no_money + figure_rupiah)
            total = [_("Total"), "", *[""] * depth, *(getattr(report.total, f.key) for f in VILLAGE_FIGURES)]
            sheet.row(total, rupiah=no_money + figure_rupiah, bold=True)
        _abroad_sheet(workbook, abroad)
        _definitions_sheet(workbook, report, generated_at)
        buffer = io.BytesIO()
        workbook.save(buffer)
    return buffer.getvalue()


def _parents(report: ImpactReport) -> dict[str, tuple[str, str]]:
    """Each row's code → (its province's name, its kabupaten's name)."""
    parents = {}
    for province in report.provinces:
        parents[province.code] = (province.name, "")
        for regency in province.children:
            parents[regency.code] = (province.name, "")
            for village in regency.children:
                parents[village.code] = (province.name, regency.name)
    return parents


def _abroad_sheet(workbook: Workbook, abroad: list[CountryFigures]) -> None:
    sheet = _Sheet(workbook, "Luar negeri", [28] + [18] * len(COUNTRY_FIGURES))
    sheet.heading([_("Negara kerja"), *(str(figure.label) for figure in COUNTRY_FIGURES)])
    money = (False, *(figure.rupiah for figure in COUNTRY_FIGURES))
    for row in abroad:
        name = row.country.name if row.country else _("Dari luar negeri")
        sheet.row(
            [name, *(getattr(row, f.key) for f in COUNTRY_FIGURES)], rupiah=money, bold=row.country is None
        )


def _definitions_sheet(workbook: Workbook, report: ImpactReport, generated_at: dt.datetime) -> None:
    sheet = _Sheet(workbook, "Definisi", [30, 28, 100])
    sheet.heading([_("Dampak program Desmigratif")])
    sheet.row([_("Periode (WIB)"), report.period.start, report.period.end])
    sheet.row([_("Dibuat (WIB)"), _wib(generated_at)])
    sheet.text_row([""])
    sheet.heading([_("Pilar program"), _("Angka"), _("Arti")])
    for pillar, label, text in definition_rows():
        sheet.text_row([str(PILLARS[pillar]), str(label), str(text)])


def xlsx_response(report: ImpactReport, abroad: list[CountryFigures]) -> HttpResponse:
    content = xlsx_workbook(report, abroad, generated_at=timezone.now())
    return _attachment(HttpResponse(content, content_type=XLSX_TYPE), _filename(report, "xlsx"))
