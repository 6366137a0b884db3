"""``{% sitewide name %}…{% endsitewide %}``: a part of the layout that is the same on every
page for every visitor (the footer, the header's search box, the category menu), rendered
once per web process, language and generation of the catalogue and the stories.

Kept in the process rather than in Redis: there are only a few of them, and a logged-in page,
which can be cached only in parts, spent a cache round trip on each. A CSRF token inside is
cached as a hole and filled with this request's (marketplace.cache).
"""

import threading

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from marketplace import cache

register = template.Library()

_rendered: dict[tuple, str] = {}
_lock = threading.Lock()
_MAX_ENTRIES = 200  # fragments × languages × a few generations; old generations are dropped


class SitewideNode(template.Node):
    def __init__(self, nodelist, name: str):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        current = cache.generations()
        key = (self.name, get_language(), current[cache.CATALOGUE], current[cache.CONTENT])
        html = _rendered.get(key)
        if html is None:
            html = cache.csrf_holes_made(cache.compacted(self.nodelist.render(context)))
            with _lock:
                if len(_rendered) >= _MAX_ENTRIES:
                    _rendered.clear()
                _rendered[key] = html
        return mark_safe(cache.csrf_holes_filled(html, context.get("request")))  # noqa: S308 - our templates


@register.tag
def sitewide(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("sitewide takes one name")
    nodelist = parser.parse(("endsitewide",))
    parser.delete_first_token()
    return SitewideNode(nodelist, bits[1])
