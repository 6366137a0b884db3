"""`make run`'s SQLite takes concurrent writes without "database is locked" (WAL, IMMEDIATE
transactions, a busy timeout), with the options the settings give a sqlite:// DATABASE_URL."""

import threading

import pytest
from django.db import connections, transaction

from tests.production import production_probe

PROBE = (
    "import json, django; django.setup(); from django.conf import settings; "
    "print(json.dumps(settings.DATABASES['default'], default=str))"
)
ALIAS = "sqlite_probe"


@pytest.fixture
def sqlite_shop(tmp_path, django_db_blocker):
    """A database alias for a SQLite file of its own, configured as the settings configure one."""
    database = production_probe(PROBE, DATABASE_URL=f"sqlite:///{tmp_path / 'shop.sqlite3'}")
    configured = connections.configure_settings(
        {"default": dict(connections.settings["default"]), ALIAS: {**database, "CONN_MAX_AGE": 0}}
    )
    connections.settings[ALIAS] = configured[ALIAS]
    with django_db_blocker.unblock():
        yield database
        connections[ALIAS].close()
    del connections.settings[ALIAS]


def test_concurrent_writes_on_sqlite_wait_for_each_other_instead_of_failing(sqlite_shop):
    with connections[ALIAS].cursor() as cursor:
        cursor.execute("CREATE TABLE stock (id INTEGER PRIMARY KEY, units INTEGER)")
        cursor.execute("INSERT INTO stock VALUES (1, 0)")
    errors = []

    def buyer():
        try:
            for _ in range(25):
                # As a request does under ATOMIC_REQUESTS: read, then write, in one transaction.
                with transaction.atomic(using=ALIAS), connections[ALIAS].cursor() as cursor:
                    cursor.execute("SELECT units FROM stock WHERE id = 1")
                    units = cursor.fetchone()[0]
                    cursor.execute("UPDATE stock SET units = %s WHERE id = 1", [units + 1])
        except Exception as error:  # what the shop showed as a 500
            errors.append(repr(error))
        finally:
            connections[ALIAS].close()

    threads = [threading.Thread(target=buyer) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    with connections[ALIAS].cursor() as cursor:
        cursor.execute("SELECT units FROM stock WHERE id = 1")
        assert cursor.fetchone()[0] == 100  # no update lost either
