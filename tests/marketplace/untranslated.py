"""Which of Wagtail's, Oscar's and Django's own strings a page looked up and found no
Indonesian for.

Matching rendered text against a word list misses what nobody thought to list; recording
the catalogue lookups themselves catches every string a template or view asked for. Our own
strings are written in Indonesian (they are the source language) and are not counted: only
msgids that a third-party package's catalogue defines.
"""

from contextlib import contextmanager
from functools import cache
from pathlib import Path

import django
import oscar
import wagtail
from django.utils.translation import trans_real

CONTEXT_SEPARATOR = "\x04"


def po_msgids(path: Path) -> set[str]:
    """The msgids (with their context) of one .po file: a small reader, since the packages
    ship .po sources but their English .mo files leave out every untranslated entry."""
    ids: set[str] = set()
    context, current, field = "", None, None
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines() + [""]:
        line = raw.strip()
        if line.startswith("msgctxt "):
            context, field = _unquote(line[8:]), "ctxt"
        elif line.startswith("msgid "):
            current, field = _unquote(line[6:]), "id"
        elif line.startswith('"') and field in {"id", "ctxt"}:
            if field == "id":
                current += _unquote(line)
            else:
                context += _unquote(line)
        elif line.startswith("msgid_plural") or line.startswith("msgstr"):
            if current:
                ids.add(f"{context}{CONTEXT_SEPARATOR}{current}" if context else current)
            context, current, field = "", None, None
    return ids


def _unquote(text: str) -> str:
    text = text.strip()[1:-1]
    return text.replace('\\"', '"').replace("\\n", "\n").replace("\\t", "\t").replace("\\\\", "\\")


@cache
def third_party_msgids() -> frozenset[str]:
    """Every msgid Wagtail, Oscar and Django define, read from their English catalogues."""
    ids: set[str] = set()
    for package in (wagtail, oscar, django):
        root = Path(package.__file__).parent
        for po in root.glob("**/locale/en/LC_MESSAGES/django.po"):
            ids |= po_msgids(po)
    return frozenset(ids)


def has_entry(translation, key) -> bool:
    """Whether the catalogue (or one it falls back on) has an entry, even one that reads the
    same as the English ("Status", "Email" are Indonesian too)."""
    while translation is not None:
        if key in getattr(translation, "_catalog", {}):
            return True
        translation = getattr(translation, "_fallback", None)
    return False


@contextmanager
def untranslated_lookups(language: str = "id"):
    """Collect the third-party msgids looked up in `language` without a translation."""
    missing: set[str] = set()
    known = third_party_msgids()
    original_gettext = trans_real.DjangoTranslation.gettext
    original_ngettext = trans_real.DjangoTranslation.ngettext

    def gettext(self, message):
        if self.language() == language and message in known and not has_entry(self, message):
            missing.add(message)
        return original_gettext(self, message)

    def ngettext(self, singular, plural, number):
        if self.language() == language and singular in known and not has_entry(self, (singular, 0)):
            missing.add(singular)
        return original_ngettext(self, singular, plural, number)

    trans_real.DjangoTranslation.gettext = gettext
    trans_real.DjangoTranslation.ngettext = ngettext
    try:
        yield missing
    finally:
        trans_real.DjangoTranslation.gettext = original_gettext
        trans_real.DjangoTranslation.ngettext = original_ngettext
