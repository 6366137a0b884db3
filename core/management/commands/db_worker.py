"""django-tasks' database worker, made safe to kill: `manage.py db_worker` as before (every
option is django-tasks' own), with a lock that says the worker lives and a sweep that queues
again the tasks of workers that died (core.workers)."""

import os

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from core.tasks import worker_task_id
from core.workers import WorkerLock

WORKER_OPTIONS = ("interval", "backend_name", "startup_delay", "max_tasks", "worker_id")


class Worker(db_worker.Worker):
    def run(self) -> None:
        lock = WorkerLock(self.worker_id)
        lock.start()
        try:
            super().run()
        finally:
            lock.stop()

    def run_task(self, db_task_result) -> None:
        # The run's key for what the task must not do twice (core.emails).
        token = worker_task_id.set(str(db_task_result.id))
        try:
            super().run_task(db_task_result)
        finally:
            worker_task_id.reset(token)


class Command(db_worker.Command):
    def handle(self, *, verbosity: int, queue_name: str, reload: bool, batch: bool, **options) -> None:
        # django-tasks' own handle, with this module's Worker.
        self.configure_logging(verbosity)
        if reload and batch:
            db_worker.logger.warning("--reload and --batch cannot be given together: autoreload is off.")
            reload = False
        options = {name: options[name] for name in WORKER_OPTIONS}
        worker = Worker(queue_names=queue_name.split(","), batch=batch, **options)
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()  # only in the reloader's child
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
