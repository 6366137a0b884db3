"""Background work through django-tasks: e-mails, search indexing, image renditions,
analytics. Requests only enqueue (after their transaction commits) and return.

A failing task is retried with growing delays; every attempt, failed ones included, is
kept by the database backend and shown to staff in Django's admin (Task results).
"""

import contextvars
import functools
import logging
from collections.abc import Callable
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5

# The run a task's side effects belong to: the id of the queued result the worker took
# (core.workers sets it), kept by the retries of a failed attempt. A task run again after its
# worker died has the same id, so what its first run already did can be found
# (core.emails: the e-mails it sent). Empty where tasks run at once (development, tests).
worker_task_id: contextvars.ContextVar[str] = contextvars.ContextVar("worker_task_id", default="")
task_run_key: contextvars.ContextVar[str] = contextvars.ContextVar("task_run_key", default="")


def background_task(function: Callable):
    """A django-tasks task that re-enqueues itself on failure (after 1, 2, 4, 8 minutes).

    The failed attempt still ends as FAILED, so staff see it; the retry is a new result.
    """

    @functools.wraps(function)
    def wrapper(*args, attempt: int = 1, run_key: str = "", **kwargs):
        run_key = run_key or worker_task_id.get()
        token = task_run_key.set(run_key)
        try:
            return function(*args, **kwargs)
        except Exception:
            if attempt < MAX_ATTEMPTS:
                delay = timedelta(minutes=2 ** (attempt - 1))
                logger.warning("%s failed (attempt %s); retrying in %s", function.__name__, attempt, delay)
                retry = {"attempt": attempt + 1, **({"run_key": run_key} if run_key else {})}
                the_task.using(run_after=timezone.now() + delay).enqueue(*args, **retry, **kwargs)
            else:
                logger.error("%s failed %s times; giving up", function.__name__, attempt)
            raise
        finally:
            task_run_key.reset(token)

    the_task = task()(wrapper)
    return the_task


def enqueue_on_commit(the_task, *args, **kwargs) -> None:
    """Enqueue once the current transaction commits, so the task sees committed rows."""
    transaction.on_commit(lambda: the_task.enqueue(*args, **kwargs))
