"""The background worker is killed (SIGKILL) in the middle of its tasks; a new one finishes them.

The shop (gunicorn, as in test_cache_and_database_faults.py) queues its background work in
PostgreSQL, as production does: buyers place real orders over HTTP, each order queues its
confirmation e-mail and, with Elasticsearch (ELASTICSEARCH_TEST_URL, the emulator `make
test` starts), the search index updates of its products. `manage.py db_worker` runs them,
writing mail to files the test counts, and is killed while a task is RUNNING. The next
worker finds that task's worker gone (core.workers: its advisory lock went with its
connection), queues it again and runs it: every e-mail sent exactly once (core.emails), every
index update applied. FAULT_SECONDS (default 8) is how long buyers go on buying.
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

import psycopg
import pytest
import requests

from tests.faults.checkouts import Checkouts, half_placed_orders, shop_setup
from tests.faults.test_cache_and_database_faults import FAULT_SECONDS, ROOT, Redis, Shop, _free_port, _wait
from tests.postgres_clusters import copy_test_database_to

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

CONFIRMATION = "checkout.tasks.send_order_confirmation"


class Worker:
    """`manage.py db_worker` under the shop's environment, its output in a log file."""

    def __init__(self, env: dict, log: Path):
        self.env, self.log, self.process = env, log, None

    def start(self) -> "Worker":
        with self.log.open("a") as log:
            self.process = subprocess.Popen(
                [sys.executable, "manage.py", "db_worker", "--queue-name", "*", "--interval", "0.1",
                 "--no-startup-delay"],
                cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        return self

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


def _tasks(database_url: str, *statuses: str) -> list[tuple[str, str, list]]:
    with psycopg.connect(database_url) as connection:
        return list(
            connection.execute(
                "SELECT id::text, task_path, worker_ids FROM django_tasks_database_dbtaskresult"
                " WHERE status = ANY(%s)",
                [list(statuses)],
            )
        )


def _statuses(database_url: str) -> dict[str, int]:
    with psycopg.connect(database_url) as connection:
        rows = connection.execute(
            "SELECT status, count(*) FROM django_tasks_database_dbtaskresult GROUP BY status"
        )
        return dict(rows.fetchall())


def _guest_emails(database_url: str) -> list[str]:
    with psycopg.connect(database_url) as connection:
        return [email for (email,) in connection.execute("SELECT guest_email FROM order_order")]


def _mail_sent(mail_dir: Path) -> Counter:
    """Recipients of every message the file backend wrote, one count per message."""
    sent = Counter()
    for path in mail_dir.glob("*.log"):
        sent.update(re.findall(r"^To: (.+)$", path.read_text(errors="replace"), re.M))
    return sent


@pytest.fixture
def queued_shop(primary_cluster):
    copy_test_database_to(primary_cluster)
    workdir = Path(tempfile.mkdtemp(prefix="pasar-faults-worker-"))
    redis = Redis(_free_port(), workdir)
    redis.start()
    served = Shop(primary_cluster.url(primary_cluster.primary_port), redis.port, workdir)
    (workdir / "mail").mkdir()
    served.env.update(
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        TEST_EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(workdir / "mail"),
        ELASTICSEARCH_URL=os.environ.get("ELASTICSEARCH_TEST_URL", ""),
        SEARCH_INDEX_PREFIX=f"faults-{uuid.uuid4().hex[:8]}",
        ELASTICSEARCH_STEMMER="false",  # the emulator has none; not what is tested here
    )
    served.start()
    workers: list[Worker] = []
    try:
        yield served, workers, workdir
    finally:
        for worker in workers:
            worker.stop()
        served.stop()
        redis.stop()
        if served.env["ELASTICSEARCH_URL"]:
            prefix = served.env["SEARCH_INDEX_PREFIX"]
            requests.delete(f"{served.env['ELASTICSEARCH_URL']}/{prefix}-products-*", timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)


def test_worker_killed_mid_task_its_tasks_run_again_each_e_mail_sent_once(queued_shop):
    served, workers, workdir = queued_shop
    database, mail_dir, log = served.env["DATABASE_URL"], workdir / "mail", workdir / "worker.log"
    search = served.env["ELASTICSEARCH_URL"]
    setup = shop_setup(served.env)
    # Orders queue work before any worker runs, and go on being placed all along.
    buyers = Checkouts(served.base_url, setup, buyers=2).start()
    buyers.wait_for(6)
    assert len(buyers.placed) >= 6, buyers.summary()

    kills, orphaned = 0, []
    while not orphaned and kills < 5:
        worker = Worker(served.env, log).start()
        workers.append(worker)
        ran = 2 * (kills + 1)
        _wait(lambda: _statuses(database).get("SUCCESSFUL", 0) >= ran, "the worker ran nothing")  # noqa: B023
        _wait(lambda: _tasks(database, "RUNNING"), "no task was running", timeout=30)
        worker.kill()
        kills += 1
        orphaned = _tasks(database, "RUNNING")  # left RUNNING by a worker that is gone
    assert orphaned, "the worker was never killed in the middle of a task"
    killed_at = time.monotonic()
    time.sleep(1)
    assert _tasks(database, "RUNNING") == orphaned  # nothing else brings them back

    workers.append(Worker(served.env, log).start())
    orphan_ids = {task_id for task_id, _path, _workers in orphaned}
    _wait(lambda: not orphan_ids & {t for t, _p, _w in _tasks(database, "RUNNING", "READY")}, "not run again")
    recovered = time.monotonic() - killed_at
    time.sleep(max(0.0, FAULT_SECONDS - recovered))
    buyers.stop()
    _wait(lambda: not _tasks(database, "RUNNING", "READY"), "the queue was not emptied", timeout=120)

    emails = _guest_emails(database)
    sent = _mail_sent(mail_dir)
    per_order = Counter(sent[email] for email in emails)
    statuses = _statuses(database)
    paths = Counter(path for _id, path, _w in _tasks(database, "SUCCESSFUL"))
    documents = None
    if search:
        requests.post(f"{search}/{served.env['SEARCH_INDEX_PREFIX']}-products/_refresh", timeout=10)
        count = requests.get(f"{search}/{served.env['SEARCH_INDEX_PREFIX']}-products/_count", timeout=10)
        documents = count.json()["count"]
    half_placed = half_placed_orders(database)
    rerun = [t for t in _tasks(database, "SUCCESSFUL") if t[0] in orphan_ids]
    print(
        f"\nWorker SIGKILLed {kills} time(s) with {len(orphaned)} task(s) RUNNING "
        f"({Counter(path for _i, path, _w in orphaned)}); the next worker ran them again "
        f"{recovered:.1f} s after the kill. {buyers.summary()}; {len(emails)} orders, e-mails per order "
        f"{dict(per_order)}; tasks {statuses}, {dict(paths)}; "
        f"search documents {documents if search else '(no Elasticsearch: none queued)'}; "
        f"half-placed orders {len(half_placed)}"
    )
    assert len(emails) == len(buyers.placed) and buyers.placed
    assert per_order == Counter({1: len(emails)})  # every order's e-mail, exactly once
    assert set(statuses) == {"SUCCESSFUL"}
    assert paths[CONFIRMATION] == len(emails)
    assert {t[0] for t in rerun} == orphan_ids and all(len(t[2]) == 2 for t in rerun)
    assert "queued again" in log.read_text()
    if search:
        assert documents == len(setup["products"])  # applied, once per product
    assert half_placed == []
