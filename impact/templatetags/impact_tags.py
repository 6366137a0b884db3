from django import template
from django.contrib.humanize.templatetags.humanize import intcomma

from core.money import rupiah_digits
from impact.definitions import Figure

register = template.Library()


@register.simple_tag
def figure_value(figures, figure: Figure) -> str:
    """One figure of a row as the table shows it: Rupiah with its sign, counts grouped."""
    value = getattr(figures, figure.key)
    if figure.rupiah:
        return "Rp\u00a0" + rupiah_digits(value)
    return intcomma(value)
