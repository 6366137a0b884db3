"""``{{ text|clean_html }}``: text that sellers or buyers wrote, shown as HTML cut down to
core.html's allow-list, however it was stored (Oscar's templates print it with ``|safe``)."""

from django import template

from core.html import html_safe

register = template.Library()


@register.filter
def clean_html(value):
    return html_safe(value)
