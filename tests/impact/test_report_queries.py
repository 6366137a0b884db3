"""How the impact report reads the big tables (issue 21: 1,000,000 order lines in 2 s): each
once, grouped by producer, and the ledger's period from its covering index alone."""

import re
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from impact.selectors import abroad_figures, impact_report
from tests.impact.test_figures import YEAR, shop  # noqa: F401 (the fixture)
from tests.plans import plan_nodes

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

FIRST_TABLE = re.compile(r'^SELECT .*? FROM "(\w+)"', re.DOTALL)


def _report_statements() -> list[str]:
    with CaptureQueriesContext(connection) as statements:
        report = impact_report(period=YEAR)
        abroad_figures(period=YEAR, rupiah_by_country=report.rupiah_by_country)
    return [query["sql"] for query in statements.captured_queries]


def test_a_report_reads_each_big_table_once(shop):  # noqa: F811
    statements = _report_statements()
    tables = Counter(FIRST_TABLE.match(sql).group(1) for sql in statements)
    # The seller orders once per producer for orders, units, rupiah, active producers and
    # cooperatives, and once for the parts ordered from abroad; the ledger once. The order
    # lines not at all: units and rupiah are the seller orders' own.
    assert tables["fulfilment_sellerorder"] == 2
    assert tables["ledger_ledgerentry"] == 1
    assert not [sql for sql in statements if '"order_line"' in sql]


def test_the_periods_parts_are_read_from_their_covering_index_alone(shop):  # noqa: F811
    producers_pass = next(
        sql
        for sql in _report_statements()
        if FIRST_TABLE.match(sql).group(1) == "fulfilment_sellerorder" and '"order_order"' not in sql
    )
    assert _scans(producers_pass) == [("Index Only Scan", "seller_order_by_time")]


def test_the_ledgers_period_is_read_from_its_covering_index_alone(shop):  # noqa: F811
    (ledger,) = [
        sql for sql in _report_statements() if FIRST_TABLE.match(sql).group(1) == "ledger_ledgerentry"
    ]
    assert _scans(ledger) == [("Index Only Scan", "ledger_entry_by_time")]


def _scans(sql: str) -> list[tuple[str, str | None]]:
    with connection.cursor() as cursor:
        # A handful of rows: left to itself the planner would read the whole table.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
        (plan,) = cursor.fetchone()[0]
    return [
        (node["Node Type"], node.get("Index Name"))
        for node in plan_nodes(plan["Plan"])
        if "Scan" in node["Node Type"]
    ]
