"""HTML that sellers and buyers write, cut down to what a description needs.

Product descriptions are shown as HTML on pages cached for every visitor, so whatever a
seller's text carries reaches all of them: a meta refresh sends them elsewhere, a form asks
for their bank details. The same allow-list is applied when text is saved and again when it
is shown, so rows written before (or past the forms) are shown clean too.
"""

from html import unescape

import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = frozenset({"p", "br", "strong", "b", "em", "i", "ul", "ol", "li", "h3", "h4", "a"})
ALLOWED_ATTRIBUTES = {"a": {"href"}}
# Relative links are refused too: "//evil.example" is one.
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})
# A link in a seller's text is theirs, not the shop's recommendation.
LINK_REL = "nofollow noopener noreferrer"
# Dropped with everything inside them rather than left as loose text: a script's code, a
# style sheet, or the labels and buttons of a fake payment form are not part of a description.
DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "form", "button", "select", "textarea", "iframe", "object", "noscript",
     "template", "title", "svg", "math"}
)  # fmt: skip


def html_clean(html: str | None) -> str:
    """The allowed part of html, as HTML (text is escaped, "&" becomes "&amp;")."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        url_relative="deny",
        link_rel=LINK_REL,
    )


def html_safe(html: str | None) -> SafeString:
    """html cleaned for a template to show as HTML."""
    return mark_safe(html_clean(html))  # noqa: S308 - cleaned to the allow-list just above


def html_text(html: str | None) -> str:
    """The words of html without any markup, for places that take plain text (JSON-LD)."""
    if not html:
        return ""
    return unescape(nh3.clean(html, tags=set(), clean_content_tags=set(DROPPED_WITH_CONTENT)))
