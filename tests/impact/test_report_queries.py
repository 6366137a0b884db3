"""How the impact report reads the big tables (issue 21: 1,000,000 order lines in 2 s): each
once, grouped by producer, and the ledger's period from its covering index alone."""

import re
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from impact.selectors import abroad_figures, impact_report
from tests.impact.test_figures import YEAR, shop  # noqa: F401 (the fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

FIRST_TABLE = re.compile(r'^SELECT .*? FROM "(\w+)"', re.DOTALL)


def _report_statements() -> list[str]:
    with CaptureQueriesContext(connection) as statements:
        report = impact_report(period=YEAR)
        abroad_figures(period=YEAR, rupiah_by_country=report.rupiah_by_country)
    return [query["sql"] for query in statements.captured_queries]


def test_a_report_reads_each_big_table_once(shop):  # noqa: F811
    tables = Counter(FIRST_TABLE.match(sql).group(1) for sql in _report_statements())
    # The seller orders once for orders, active producers and cooperatives; the order lines
    # once for the villages' goods sold and the orders from abroad; the ledger once.
    assert tables["fulfilment_sellerorder"] == 1
    assert tables["order_line"] == 1
    assert tables["ledger_ledgerentry"] == 1


def test_the_ledgers_period_is_read_from_its_covering_index_alone(shop):  # noqa: F811
    (ledger,) = [
        sql for sql in _report_statements() if FIRST_TABLE.match(sql).group(1) == "ledger_ledgerentry"
    ]
    with connection.cursor() as cursor:
        # A handful of entries: left to itself the planner would read the whole table.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("EXPLAIN (FORMAT JSON) " + ledger)
        (plan,) = cursor.fetchone()[0]
    scans = [
        (node["Node Type"], node.get("Index Name"))
        for node in _nodes(plan["Plan"])
        if "Scan" in node["Node Type"]
    ]
    assert scans == [("Index Only Scan", "ledger_entry_by_time")]


def _nodes(node: dict):
    yield node
    for child in node.get("Plans", ()):
        yield from _nodes(child)
