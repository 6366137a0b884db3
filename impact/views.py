import csv

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.replica import ReportSource, read_report
from impact.charts import bar_chart_svg
from impact.forms import PeriodForm
from impact.selectors import FIGURES, Period, impact_report

# Column names stay the same whatever the reader's language (spreadsheets and scripts key on
# them), in the shop's language: the figures' code names were English beside "tingkat".
CSV_FIGURE_COLUMNS = {
    "producers": "produsen",
    "products": "produk",
    "orders": "pesanan",
    "units": "unit_terjual",
    "rupiah": "rupiah",
    "payouts": "pencairan",
}
CSV_HEADER = [
    "tingkat",
    "kode",
    "nama",
    "provinsi",
    "kabupaten_kota",
    *(CSV_FIGURE_COLUMNS[f] for f in FIGURES),
]


def impact_dashboard(request):
    """Program staff only: figures per province → kabupaten → village for a period, as a
    table with a chart, or as CSV with ``?format=csv``; read from the replica when there is
    one fit to use (core.replica)."""
    if not request.user.is_staff:
        raise PermissionDenied
    return read_report(lambda source: _dashboard(request, source))


def _dashboard(request, source: ReportSource):
    default = Period.this_year()
    form = PeriodForm(request.GET or {"start": default.start, "end": default.end})
    report = impact_report(period=form.period())
    if request.GET.get("format") == "csv":
        return _csv_response(report)
    chart = bar_chart_svg(
        title=_("Penjualan (Rupiah) per provinsi"),
        bars=[(row.name, row.figures.rupiah) for row in report.provinces],
    )
    return render(
        request,
        "impact/dashboard.html",
        {
            "form": form,
            "report": report,
            "chart": chart,
            "csv_query": _csv_query(report.period),
            "source": source,
        },
    )


def _csv_query(period: Period) -> str:
    return f"start={period.start.isoformat()}&end={period.end.isoformat()}&format=csv"


def _csv_response(report) -> HttpResponse:
    period = report.period
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="dampak-desmigratif-{period.start}-{period.end}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(CSV_HEADER)
    for province in report.provinces:
        writer.writerow(_csv_row(province, province.name, ""))
        for regency in province.children:
            writer.writerow(_csv_row(regency, province.name, regency.name))
            for village in regency.children:
                writer.writerow(_csv_row(village, province.name, regency.name))
    writer.writerow(["total", "", "", "", "", *(_plain(getattr(report.total, name)) for name in FIGURES)])
    return response


def _csv_row(row, province: str, regency: str) -> list:
    return [
        row.level,
        row.code,
        row.name,
        province,
        regency,
        *(_plain(getattr(row.figures, name)) for name in FIGURES),
    ]


def _plain(value) -> str:
    # Whole Rupiah, no thousands separator: spreadsheets read it as a number.
    return f"{value:.0f}" if not isinstance(value, int) else str(value)
