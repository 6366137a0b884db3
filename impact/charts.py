"""A bar chart drawn on the server as SVG: no JavaScript, prints and reads on any phone."""

from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from core.money import rupiah_digits

BAR_HEIGHT = 28
GAP = 10
LABEL_WIDTH = 200
BAR_AREA = 440
VALUE_WIDTH = 140


def _rupiah(value: Decimal) -> str:
    return "Rp\u00a0" + rupiah_digits(value)


def bar_chart_svg(
    *, title: str, bars: list[tuple[str, Decimal]], chart_id: str = "impact-chart"
) -> SafeString:
    """Horizontal bars, one per (label, Rupiah) pair, scaled to the largest value."""
    largest = max((value for _label, value in bars), default=Decimal("0"))
    width = LABEL_WIDTH + BAR_AREA + VALUE_WIDTH
    height = max(len(bars), 1) * (BAR_HEIGHT + GAP) + GAP
    rows = []
    for n, (label, value) in enumerate(bars):
        y = GAP + n * (BAR_HEIGHT + GAP)
        length = int(BAR_AREA * value / largest) if largest > 0 else 0
        rows.append(
            (
                y + BAR_HEIGHT // 2 + 5,
                LABEL_WIDTH - 8,
                label,
                LABEL_WIDTH,
                y,
                max(length, 1 if value > 0 else 0),
                BAR_HEIGHT,
                LABEL_WIDTH + length + 6,
                _rupiah(value),
            )
        )
    body = format_html_join(
        "\n",
        '<g><text x="{1}" y="{0}" text-anchor="end">{2}</text>'
        '<rect x="{3}" y="{4}" width="{5}" height="{6}" fill="#0b6e4f"></rect>'
        '<text x="{7}" y="{0}">{8}</text></g>',
        rows,
    )
    return format_html(
        '<svg id="{}" class="impact-chart" role="img" aria-labelledby="{}-title" '
        'xmlns="http://www.w3.org/2000/svg" '
        'viewBox="0 0 {} {}" width="100%" font-family="sans-serif" font-size="13">'
        '<title id="{}-title">{}</title>{}</svg>',
        chart_id,
        chart_id,
        width,
        height,
        chart_id,
        title,
        body,
    )
