"""Background work through django-tasks: e-mails, search indexing, image renditions,
analytics. Requests only enqueue (after their transaction commits) and return.

A failing task is retried with growing delays; every attempt, failed ones included, is
kept by the database backend and shown to staff in Django's admin (Task results).
"""

import functools
import logging
from collections.abc import Callable
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


def background_task(function: Callable):
    """A django-tasks task that re-enqueues itself on failure (after 1, 2, 4, 8 minutes).

    The failed attempt still ends as FAILED, so staff see it; the retry is a new result.
    """

    @functools.wraps(function)
    def wrapper(*args, attempt: int = 1, **kwargs):
        try:
            return function(*args, **kwargs)
        except Exception:
            if attempt < MAX_ATTEMPTS:
                delay = timedelta(minutes=2 ** (attempt - 1))
                logger.warning("%s failed (attempt %s); retrying in %s", function.__name__, attempt, delay)
                the_task.using(run_after=timezone.now() + delay).enqueue(*args, attempt=attempt + 1, **kwargs)
            else:
                logger.error("%s failed %s times; giving up", function.__name__, attempt)
            raise

    the_task = task()(wrapper)
    return the_task


def enqueue_on_commit(the_task, *args, **kwargs) -> None:
    """Enqueue once the current transaction commits, so the task sees committed rows."""
    transaction.on_commit(lambda: the_task.enqueue(*args, **kwargs))
