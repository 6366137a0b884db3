"""Work that must not hold up a request: e-mails, renditions, analytics."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult
from oscar.core.loading import get_model

from catalog.analytics import product_views_flush
from checkout import tasks as checkout_tasks
from core import workers
from core.models import SentEmail
from core.workers import WorkerLock
from tests.checkout.conftest import checkout_as_guest, fill_basket

pytestmark = pytest.mark.django_db

ProductRecord = get_model("analytics", "ProductRecord")
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
WRITES = ("INSERT", "UPDATE", "DELETE")


def test_product_page_view_writes_nothing_and_is_counted_later(client, product):
    # The first view of a new picture renders its thumbnail once (for uploads the
    # background task has done that already); after that, views write nothing.
    client.get(product.get_absolute_url())
    product_views_flush()
    ProductRecord.objects.filter(product=product).delete()
    with CaptureQueriesContext(connection) as queries:
        for _ in range(3):
            assert client.get(product.get_absolute_url()).status_code == 200
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(WRITES)]
    assert writes == []
    assert not ProductRecord.objects.filter(product=product).exists()
    assert product_views_flush() == 3
    assert ProductRecord.objects.get(product=product).num_views == 3
    assert product_views_flush() == 0  # counted once


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_order_e_mail_is_queued_and_sent_by_the_worker(
    client, products, buyer_village, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_TASKS
    fill_basket(client, (products[0], 1))
    with django_capture_on_commit_callbacks(execute=True):
        checkout_as_guest(client, buyer_village)
    assert mail.outbox == []  # the request only queued it
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "checkout.tasks.send_order_confirmation"
    call_command("db_worker", batch=True, no_startup_delay=True, queue_name="*")
    assert [m.to for m in mail.outbox] == [["siti@contoh.id"]]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_task_left_running_by_a_dead_worker_runs_again_and_sends_its_e_mail_once(
    client, products, buyer_village, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_TASKS
    fill_basket(client, (products[0], 1))
    with django_capture_on_commit_callbacks(execute=True):
        checkout_as_guest(client, buyer_village)
    call_command("db_worker", batch=True, no_startup_delay=True, queue_name="*", worker_id="first")
    assert len(mail.outbox) == 1
    # As if the worker had died after the e-mail went but before it marked the task done.
    DBTaskResult.objects.update(status="RUNNING", worker_ids=["first", "died"])
    checkout_tasks.send_order_confirmation.enqueue(0)
    DBTaskResult.objects.filter(status="READY").update(status="RUNNING", worker_ids=["alive"])
    live = WorkerLock("alive")
    live.start()  # sweeps, as every worker does when it starts
    try:
        assert DBTaskResult.objects.get(worker_ids__contains=["died"]).status == "READY"
        assert DBTaskResult.objects.get(worker_ids=["alive"]).status == "RUNNING"  # its worker lives
        assert workers.tasks_requeue_lost() == (0, 0)
    finally:
        live.stop()
    DBTaskResult.objects.filter(worker_ids=["alive"]).delete()
    call_command("db_worker", batch=True, no_startup_delay=True, queue_name="*", worker_id="second")
    rerun = DBTaskResult.objects.get(worker_ids__contains=["died"])
    assert rerun.status == "SUCCESSFUL" and rerun.worker_ids == ["first", "died", "second"]
    assert len(mail.outbox) == 1  # sent by the first run only
    assert SentEmail.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_failing_task_is_retried_later_and_shown_to_staff(staff_client, settings, monkeypatch):
    settings.TASKS = DATABASE_TASKS

    def broken(order_id):
        raise ConnectionError("SMTP server unavailable")

    monkeypatch.setattr("checkout.emails.send_order_confirmation", broken)
    checkout_tasks.send_order_confirmation.enqueue(12345)
    call_command("db_worker", batch=True, no_startup_delay=True, queue_name="*")
    results = DBTaskResult.objects.order_by("enqueued_at")
    assert [r.status for r in results] == ["FAILED", "READY"]
    retry = results[1]
    # The retry keeps the first attempt's run, so what that one did is not done twice.
    assert retry.args_kwargs["kwargs"] == {"attempt": 2, "run_key": str(results[0].id)}
    assert retry.run_after > results[0].finished_at
    page = staff_client.get("/django-admin/django_tasks_database/dbtaskresult/")
    assert page.status_code == 200
    assert "send_order_confirmation" in page.content.decode()


def test_scheduler_runs_each_job_once(capsys, product):
    call_command("run_scheduler", once=True)
    output = capsys.readouterr().out
    assert "[flush_product_views]" in output and "Recorded" in output
    assert "[reconcile_payments]" in output
    assert "[search_index --compact]" in output and "Facet counts compacted" in output
