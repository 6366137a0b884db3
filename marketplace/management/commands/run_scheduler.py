"""Periodic jobs in one long-running process (docker-compose's `scheduler` service).

Each job is a management command, so it can also run from cron or by hand.
"""

import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

JOBS = [
    # (command and its arguments, minutes between runs)
    (("flush_product_views",), 5),
    (("reconcile_payments",), 10),
    # Escrow's auto-release counts in days; half an hour late is no one's loss.
    (("release_escrow",), 30),
    # Complaint deadlines (producer silent, buyer silent after an offer) in hours and days.
    (("enforce_complaint_deadlines",), 30),
    # Ship-by deadline: late parts flagged to their producer, overdue ones cancelled and refunded.
    (("enforce_ship_by",), 30),
    # Family baskets are prepared days ahead of their date: an hour late changes nothing.
    (("prepare_family_baskets",), 60),
    # Every reindex that lists, unlists or moves a product adds facet count changes.
    (("search_index", "--compact"), 30),
]


class Command(BaseCommand):
    help = "Run the shop's periodic jobs forever (or once with --once)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run every job once, then stop.")

    def handle(self, *args, once=False, **options):
        last_run: dict[str, float] = {}
        while True:
            now = time.monotonic()
            for command, minutes in JOBS:
                if once or now - last_run.get(command, -1e9) >= minutes * 60:
                    last_run[command] = now
                    self.run_job(*command)
            if once:
                return
            time.sleep(30)

    def run_job(self, command: str, *arguments: str) -> None:
        self.stdout.write(f"[{' '.join((command, *arguments))}]")
        try:
            call_command(command, *arguments, stdout=self.stdout, stderr=self.stderr)
        except Exception as exc:  # noqa: BLE001 - one failing job must not stop the others
            self.stderr.write(f"{command} failed: {exc!r}")
            if settings.DEBUG:
                raise
