"""Indonesian text analysis shared by the indexers and the database backend.

PostgreSQL has no Indonesian dictionary and SQLite has no full-text search at all, so
words are normalised (accents off, lower case), stemmed with Sastrawi and matched as
stems. The synonyms file is read here for both backends; Elasticsearch receives the same
rules inline when its index is built.
"""

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from django.conf import settings

_WORD = re.compile(r"[a-z0-9]+")
MAX_QUERY_TERMS = 8
DEFAULT_SYNONYMS_FILE = Path(__file__).resolve().parent / "synonyms" / "id.txt"


def normalize(text: str) -> str:
    """Lower case without accents: "Kafé" and "kafe" are one word to a shopper."""
    text = text or ""
    if text.isascii():  # most text: nothing to decompose (a third of indexing's time)
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


def words(text: str) -> list[str]:
    return _WORD.findall(normalize(text))


@lru_cache(maxsize=1)
def _stemmer():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    # Sastrawi leaves digits and short words alone; an empty result keeps the word.
    return _stemmer().stem(word) or word


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    from Sastrawi.StopWordRemover.StopWordRemoverFactory import StopWordRemoverFactory

    return frozenset(StopWordRemoverFactory().get_stop_words())


def stems(text: str) -> list[str]:
    return [stem(word) for word in words(text)]


def stem_text(*texts: str) -> str:
    return " ".join(stem_word for text in texts for stem_word in stems(text))


def query_terms(query: str) -> list[str]:
    """The words of a shopper's query that carry meaning, at most MAX_QUERY_TERMS."""
    terms = words(query)[: MAX_QUERY_TERMS * 2]
    meaningful = [term for term in terms if term not in stop_words()]
    return (meaningful or terms)[:MAX_QUERY_TERMS]


# --- Synonyms ---------------------------------------------------------------


def synonyms_path() -> Path:
    return Path(getattr(settings, "SEARCH_SYNONYMS_FILE", DEFAULT_SYNONYMS_FILE))


def synonym_rules(path: Path | None = None) -> list[str]:
    """The rules of the synonyms file, normalised, comments and blank lines dropped."""
    path = path or synonyms_path()
    rules = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if "=>" in line:
            left, right = line.split("=>", 1)
            sides = [_phrases(left), _phrases(right)]
            if all(sides):
                rules.append(f"{', '.join(sides[0])} => {', '.join(sides[1])}")
        elif len(phrases := _phrases(line)) > 1:
            rules.append(", ".join(phrases))
    return rules


def _phrases(text: str) -> list[str]:
    return [" ".join(words(part)) for part in text.split(",") if words(part)]


def synonym_map(rules: list[str] | None = None) -> dict[str, tuple[str, ...]]:
    """word or phrase → what it may also be searched as (itself included unless mapped away)."""
    mapping: dict[str, set[str]] = {}
    for rule in synonym_rules() if rules is None else rules:
        if "=>" in rule:
            left, right = (side.split(", ") for side in rule.split(" => "))
            for phrase in left:
                mapping.setdefault(phrase, set()).update(right)
        else:
            group = rule.split(", ")
            for phrase in group:
                mapping.setdefault(phrase, set()).update(group)
    return {phrase: tuple(sorted(alternatives)) for phrase, alternatives in mapping.items()}


@lru_cache(maxsize=4)
def _cached_synonym_map(path: str, mtime: float) -> dict[str, tuple[str, ...]]:
    return synonym_map(synonym_rules(Path(path)))


def synonyms_for(term: str) -> tuple[str, ...]:
    """Alternatives for one query word; the file is re-read when staff change it."""
    path = synonyms_path()
    try:
        mapping = _cached_synonym_map(str(path), path.stat().st_mtime)
    except OSError:
        return (term,)
    return mapping.get(term, (term,))
