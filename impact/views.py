from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.replica import ReportSource, read_report
from impact.charts import bar_chart_svg
from impact.definitions import COUNTRY_FIGURES, PILLARS, VILLAGE_FIGURES, definition_rows
from impact.exports import csv_response, xlsx_response
from impact.forms import PeriodForm
from impact.selectors import Period, abroad_figures, family_orders, impact_report


def impact_dashboard(request):
    """Program staff only: figures per province → kabupaten → village for a period, as a
    table with a chart, or as CSV (``?format=csv``) or XLSX (``?format=xlsx``); read from
    the replica when there is one fit to use (core.replica)."""
    if not request.user.is_staff:
        raise PermissionDenied
    return read_report(lambda source: _dashboard(request, source))


def _dashboard(request, source: ReportSource):
    default = Period.this_year()
    form = PeriodForm(request.GET or {"start": default.start, "end": default.end})
    report = impact_report(period=form.period())
    export = request.GET.get("format")
    if export == "csv":
        return csv_response(report)
    abroad = abroad_figures(
        period=report.period, family=family_orders(), rupiah_by_country=report.rupiah_by_country
    )
    if export == "xlsx":
        return xlsx_response(report, abroad)
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
            "csv_query": _export_query(report.period, "csv"),
            "xlsx_query": _export_query(report.period, "xlsx"),
            "source": source,
            "abroad": abroad,
            "figures": VILLAGE_FIGURES,
            "country_figures": COUNTRY_FIGURES,
            "pillar_columns": _pillar_columns(),
            "definitions": [(PILLARS[pillar], label, text) for pillar, label, text in definition_rows()],
        },
    )


def _export_query(period: Period, export: str) -> str:
    return f"start={period.start.isoformat()}&end={period.end.isoformat()}&format={export}"


def _pillar_columns() -> list[tuple[str, int]]:
    """The table's pillar headings over its figures: (pillar name, columns it spans)."""
    spans: list[tuple[str, int]] = []
    for figure in VILLAGE_FIGURES:
        name = str(PILLARS[figure.pillar])
        if spans and spans[-1][0] == name:
            spans[-1] = (name, spans[-1][1] + 1)
        else:
            spans.append((name, 1))
    return spans
