"""Search relevance: judged shopper queries on the demo shop, precision and nDCG per backend.

Creates a dedicated PostgreSQL database (pasar_relevance by default), migrates it, loads
the demo data (manage.py load_demo_data), indexes it and asks each backend the judged
QUERIES below: typos, synonyms, regional spellings, two-word queries, category words and
producers' villages. Each query names the products that should come first (`first`), others
that are fine further down (`also`) and ones that must not be listed at all (`never`).
Printed per backend: precision at 1 and 5, nDCG@10, and every query that missed.

    .venv/bin/python bench/search_relevance.py                # database backend
    .venv/bin/python bench/search_relevance.py --es http://127.0.0.1:19201
    .venv/bin/python bench/search_relevance.py --short        # exit 1 over a budget

Elasticsearch is judged when --es or ELASTICSEARCH_URL is given, and skipped with a
message otherwise. Budgets: P@1 at least 0.9 and no product a query must not list.
"""

import argparse
import math
import os
import sys
import time
from dataclasses import dataclass

from search_bench import create_database, drop_database, setup_django


@dataclass(frozen=True)
class Judged:
    text: str
    first: tuple[str, ...]  # title prefixes: any of them is a right first result
    also: tuple[str, ...] = ()
    never: tuple[str, ...] = ()


KERUPUK = ("Kerupuk Kulit Ikan", "Kerupuk Udang", "Kerupuk Ikan Tengiri")
KERIPIK = (
    "Keripik Pisang",
    "Keripik Singkong",
    "Keripik Jamur",
    "Keripik Kulit Ikan",
    "Keripik Rumput Laut",
)
SIRUP = ("Sirup Mangga Gedong", "Sirup Mangga Harum")
BORDIR = ("Kerudung Bordir", "Mukena Bordir", "Taplak Meja Bordir")
EMPING = ("Emping Melinjo Mentah", "Emping Melinjo Manis")
DODOL = ("Dodol Mangga", "Dodol Rumput Laut")
KOPI = ("Kopi Arabika", "Kopi Robusta")
NOT_EMBROIDERY = ("Kain Songket", "Kemeja Batik", "Daster Batik", "Selendang Tenun")

QUERIES = (
    # Words as they are written on the products
    Judged("kerupuk", KERUPUK, also=KERIPIK),
    Judged("keripik", KERIPIK, also=KERUPUK),
    Judged("sirup", SIRUP),
    Judged("bordir", BORDIR, never=NOT_EMBROIDERY),
    Judged("kerudung", ("Kerudung Bordir",)),
    Judged("mangga", (*SIRUP, "Dodol Mangga")),
    Judged("dodol", DODOL),
    Judged("bakso", ("Bakso Ikan", "Bakso Sapi")),
    Judged("selendang", ("Selendang Tenun",)),
    Judged("bambu", ("Tas Anyaman Bambu", "Besek Bambu", "Tampah Bambu", "Lampu Hias Bambu")),
    Judged("carica", ("Manisan Carica",)),
    Judged("dendeng", ("Dendeng Sapi",)),
    Judged("abon", ("Abon Ikan",), also=("Dendeng Sapi",)),
    Judged("melinjo", EMPING),
    Judged("emping", EMPING),
    # Category words
    Judged("batik", ("Kemeja Batik", "Daster Batik"), also=("Kain Songket", "Kain Tenun")),
    Judged("madu", ("Madu Hutan",)),
    Judged("tenun", ("Kain Tenun", "Selendang Tenun"), also=("Kain Songket",)),
    Judged("anyaman", ("Tas Anyaman",), also=("Besek Bambu", "Tampah Bambu")),
    Judged("camilan", (*DODOL, "Keripik Jamur")),
    # Regional spellings, synonyms and English words shoppers use
    Judged("krupuk", KERUPUK, also=KERIPIK),
    Judged("kripik", KERIPIK, also=KERUPUK),
    Judged("syrup", SIRUP),
    Judged("sirop", SIRUP),
    Judged("sulam", BORDIR, never=NOT_EMBROIDERY),
    Judged("bordiran", BORDIR, never=NOT_EMBROIDERY),
    Judged("jilbab", ("Kerudung Bordir",)),
    Judged("hijab", ("Kerudung Bordir",)),
    Judged("jenang", DODOL),
    Judged("honey", ("Madu Hutan",)),
    Judged("coffee", KOPI),
    Judged("cemilan", (*DODOL, "Keripik Jamur")),
    Judged("songket", ("Kain Songket",), also=("Kain Tenun", "Selendang Tenun")),
    # Typos
    Judged("kerupk", KERUPUK, also=KERIPIK),
    Judged("sirop mangga", SIRUP, also=("Dodol Mangga",)),
    Judged("keripk pisang", ("Keripik Pisang",), never=("Kopi Robusta",)),
    Judged("kerudng", ("Kerudung Bordir",)),
    Judged("bakzo", ("Bakso Ikan", "Bakso Sapi")),
    # Two and three words
    Judged("keripik pisang", ("Keripik Pisang",), also=("Keripik Singkong",), never=("Kopi Robusta",)),
    Judged("keripik pisang coklat", ("Keripik Pisang Coklat",), never=("Kopi Robusta",)),
    Judged("keripik singkong", ("Keripik Singkong",), also=("Keripik Pisang",), never=("Kopi Robusta",)),
    Judged("kerupuk ikan", ("Kerupuk Kulit Ikan", "Kerupuk Ikan Tengiri"), also=("Keripik Kulit Ikan",)),
    Judged("kerupuk udang", ("Kerupuk Udang",)),
    Judged("sirup mangga", SIRUP, also=("Dodol Mangga",)),
    Judged("kemeja batik", ("Kemeja Batik",), never=("Daster Batik",)),
    Judged("kopi robusta", ("Kopi Robusta",), never=("Kopi Arabika",)),
    Judged("bakso sapi", ("Bakso Sapi",), never=("Dendeng Sapi",)),
    Judged("telur asin", ("Telur Asin",), never=("Ikan Asin",)),
    Judged("ikan asin", ("Ikan Asin",), never=("Telur Asin",)),
    Judged("susu kambing", ("Susu Kambing",)),
    Judged("tas anyaman", ("Tas Anyaman",)),
    Judged("rumput laut", ("Dodol Rumput Laut", "Keripik Rumput Laut")),
    Judged("taplak meja", ("Taplak Meja Bordir",)),
    Judged("gelang manik", ("Gelang Manik",)),
    Judged("otak otak", ("Otak-otak Ikan",)),
    Judged("ikan tongkol", ("Ikan Tongkol",)),
    # Places and producers
    Judged("sambas", ("Kain Songket Sambas", "Selendang Tenun Sambas")),
    Judged("timor", ("Kain Tenun Ikat Timor", "Madu Hutan Timor"), also=("Selendang Tenun Ikat",)),
    Judged("indramayu", ("Kerupuk Udang Indramayu",), also=(*KERUPUK, "Kerupuk Kulit Ikan", *SIRUP)),
    Judged("wonosobo", ("Kopi Arabika Wonosobo",), also=("Manisan Carica", "Keripik Jamur")),
    Judged("lampung", ("Kopi Robusta Lampung",), also=("Keripik Pisang", "Keripik Singkong")),
)
BUDGET_P1 = 0.9


def parse_args():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--short", action="store_true", help="exit 1 when a budget breaks")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/pasar_relevance")
    parser.add_argument("--es", "--elasticsearch", dest="es", default=os.environ.get("ELASTICSEARCH_URL", ""))
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    parser.add_argument("--verbose", action="store_true", help="print every query's first five")
    return parser.parse_args()


def _matches(title: str, prefixes: tuple[str, ...]) -> bool:
    return any(title.startswith(prefix) for prefix in prefixes)


def judge(query: Judged, titles: list[str]) -> dict:
    """P@1, P@5 (of at most as many as are relevant), nDCG@10 (first 2, also 1) and the
    listed products the query must not list."""
    relevant = (*query.first, *query.also)

    def gain(title: str) -> int:
        return 2 if _matches(title, query.first) else 1 if _matches(title, query.also) else 0

    gains = [gain(title) for title in titles[:10]]
    ideal = sorted((gain(title) for title in ALL_TITLES if gain(title)), reverse=True)[:10]
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    n_relevant = sum(1 for title in ALL_TITLES if _matches(title, relevant))
    top5 = titles[:5]
    return {
        "p1": 1.0 if titles and _matches(titles[0], query.first) else 0.0,
        "p5": (sum(1 for t in top5 if _matches(t, relevant)) / min(5, n_relevant)) if n_relevant else 0.0,
        "ndcg": dcg / idcg if idcg else 0.0,
        "never": [title for title in titles if _matches(title, query.never)],
    }


ALL_TITLES: list[str] = []


def run_backend(label: str, *, verbose: bool) -> bool:
    from oscar.core.loading import get_model

    from search.backends import get_backend
    from search.queries import ProductQuery

    titles = dict(get_model("catalogue", "Product").objects.values_list("pk", "title"))
    backend = get_backend()
    scores, missed, started = [], [], time.monotonic()
    for query in QUERIES:
        # Every product that matched, in order: a product it must not list may be on page 3.
        result = backend.search(ProductQuery(text=query.text, limit=100))
        found = [titles[pk] for pk in result.product_ids]
        score = judge(query, found)
        scores.append(score)
        if score["p1"] < 1 or score["never"] or verbose:
            missed.append((query, found, score))
    elapsed = time.monotonic() - started
    n = len(scores)
    p1 = sum(s["p1"] for s in scores) / n
    p5 = sum(s["p5"] for s in scores) / n
    ndcg = sum(s["ndcg"] for s in scores) / n
    never = sum(len(s["never"]) for s in scores)
    print(f"{label}: {n} queries in {elapsed:.1f} s")
    print(f"  P@1 {p1:.3f}   P@5 {p5:.3f}   nDCG@10 {ndcg:.3f}   listed though judged wrong: {never}")
    for query, found, score in missed:
        flag = "" if score["p1"] else " (wrong first)"
        wrong = f"; must not list {score['never']}" if score["never"] else ""
        print(f"    {query.text!r}{flag}: {found[:5]}{wrong}")
    ok = p1 >= BUDGET_P1 and never == 0
    print(
        f"  budget: P@1 at least {BUDGET_P1} and nothing judged wrong listed: {'met' if ok else 'BROKEN'}",
        flush=True,
    )
    return ok


def main() -> int:
    args = parse_args()
    print(f"Creating {args.database_url.rsplit('/', 1)[-1]}, migrating, loading the demo shop…", flush=True)
    create_database(args.database_url)
    ok = True
    try:
        setup_django(args.database_url)
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connections
        from oscar.core.loading import get_model

        from search import services
        from search.backends import DATABASE, ELASTICSEARCH

        settings.SEARCH_BACKEND = DATABASE
        started = time.monotonic()
        call_command("migrate", verbosity=0)
        call_command("load_demo_data", verbosity=0)
        services.search_index_rebuild()
        ALL_TITLES.extend(get_model("catalogue", "Product").objects.values_list("title", flat=True))
        print(f"  {len(ALL_TITLES)} demo products ready in {time.monotonic() - started:.0f} s", flush=True)
        print(f"load average {os.getloadavg()[0]:.1f}, {os.cpu_count()} cores", flush=True)
        ok &= run_backend("database backend (PostgreSQL)", verbose=args.verbose)
        if args.es:
            settings.SEARCH_BACKEND = ELASTICSEARCH
            settings.ELASTICSEARCH_URL = args.es
            settings.SEARCH_BACKEND_OPTIONS = {"index_prefix": "relevance", "stemmer": _has_stemmer(args.es)}
            services.search_index_rebuild()
            try:
                ok &= run_backend(f"elasticsearch backend ({args.es})", verbose=args.verbose)
            finally:
                from search.backends import get_backend

                client = get_backend().client
                for name in client.indices.get(index="relevance-products-*"):
                    client.indices.delete(index=name)
        else:
            print("elasticsearch backend: skipped (give --es URL or set ELASTICSEARCH_URL)")
        connections.close_all()
    finally:
        if not args.keep:
            drop_database(args.database_url)
    return 1 if (not ok and args.short) else 0


def _has_stemmer(url: str) -> bool:
    """Whether the server knows the Indonesian stemmer (the noida-db emulator does not)."""
    from elasticsearch import BadRequestError, Elasticsearch

    client, name = Elasticsearch(url), "relevance-probe"
    try:
        client.indices.create(
            index=name,
            settings={"analysis": {"filter": {"s": {"type": "stemmer", "language": "indonesian"}}}},
        )
    except BadRequestError:
        return False
    client.options(ignore_status=404).indices.delete(index=name)
    return True


if __name__ == "__main__":
    sys.exit(main())
