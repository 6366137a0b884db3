import time

from django.core.management.base import BaseCommand, CommandError

from regions.services import regions_import


class Command(BaseCommand):
    help = "Import Indonesia's official provinces, regencies, districts and villages (bulk upsert)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--only", nargs="+", metavar="VILLAGE_CODE", help="Import only these villages and their parents."
        )

    def handle(self, *args, only=None, **options):
        started = time.monotonic()
        try:
            result = regions_import(village_codes=only, report=lambda line: self.stdout.write(f"  {line}"))
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {result.provinces} provinces, {result.regencies} regencies, "
                f"{result.districts} districts, {result.villages} villages "
                f"in {time.monotonic() - started:.1f} s."
            )
        )
