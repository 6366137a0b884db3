"""A bar chart drawn on the server as SVG: no JavaScript, prints and reads on any phone."""

from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from core.money import rupiah_digits

# Each bar has its label above it (not beside it): the chart is drawn 360 units wide, so on
# a phone its text is shown at about its own size rather than shrunk to a third.
WIDTH = 360
LABEL_HEIGHT = 18
BAR_HEIGHT = 20
GAP = 12
VALUE_WIDTH = 110
BAR_AREA = WIDTH - VALUE_WIDTH


def _rupiah(value: Decimal) -> str:
    return "Rp\u00a0" + rupiah_digits(value)


def bar_chart_svg(
    *, title: str, bars: list[tuple[str, Decimal]], chart_id: str = "impact-chart"
) -> SafeString:
    """Horizontal bars, one per (label, Rupiah) pair, scaled to the largest value."""
    largest = max((value for _label, value in bars), default=Decimal("0"))
    row_height = LABEL_HEIGHT + BAR_HEIGHT + GAP
    height = max(len(bars), 1) * row_height
    rows = []
    for n, (label, value) in enumerate(bars):
        top = n * row_height
        bar_top = top + LABEL_HEIGHT
        length = int(BAR_AREA * value / largest) if largest > 0 else 0
        rows.append(
            (
                top + LABEL_HEIGHT - 5,
                label,
                bar_top,
                max(length, 1 if value > 0 else 0),
                BAR_HEIGHT,
                length + 6,
                bar_top + BAR_HEIGHT - 5,
                _rupiah(value),
            )
        )
    body = format_html_join(
        "\n",
        '<g><text x="0" y="{0}">{1}</text>'
        '<rect x="0" y="{2}" width="{3}" height="{4}" fill="#0b6e4f"></rect>'
        '<text x="{5}" y="{6}">{7}</text></g>',
        rows,
    )
    return format_html(
        '<svg id="{}" class="impact-chart" role="img" aria-labelledby="{}-title" '
        'xmlns="http://www.w3.org/2000/svg" '
        'viewBox="0 0 {} {}" width="100%" font-family="sans-serif" font-size="14">'
        '<title id="{}-title">{}</title>{}</svg>',
        chart_id,
        chart_id,
        WIDTH,
        height,
        chart_id,
        title,
        body,
    )
