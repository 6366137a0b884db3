from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from demo.loader import DemoLoader


class Command(BaseCommand):
    help = "Load the demo shop (villages, producers, products, home page). Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--all-regions",
            action="store_true",
            help="Also import every official province, kabupaten, kecamatan and desa (about 10 s, "
            "skipped once they are all there), so buyers anywhere can enter their address.",
        )

        parser.add_argument(
            "--scale",
            type=float,
            metavar="N",
            help="Then add a programme-sized shop for benchmarks (demo/scale.py): 1 = 500 villages, "
            "10,000 producers, 100,000 products, 1,000,000 order lines with their ledger; 0.01 a "
            "hundredth of that. Needs PostgreSQL; imports every official region.",
        )

    def handle(self, *args, all_regions=False, scale=None, **options):
        if scale is not None and not 0 < scale <= 1:
            raise CommandError("--scale is a fraction of the full programme: more than 0, at most 1.")
        if scale is not None:
            all_regions = True  # the scale shop's villages are official ones, all over the country
        # The demo places and ships orders; their e-mails would only flood the console.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            loader = DemoLoader(report=lambda line: self.stdout.write(f"  {line}"), all_regions=all_regions)
            created = loader.run()
        if created:
            summary = ", ".join(f"{count} {kind}" for kind, count in created.items())
            self.stdout.write(self.style.SUCCESS(f"Demo data loaded: created {summary}."))
        else:
            self.stdout.write(self.style.SUCCESS("Demo data already complete: nothing to change."))
        if scale is not None:
            from demo.scale import ScaleLoader

            created = ScaleLoader(
                scale=scale, report=lambda line: self.stdout.write(f"  {line}", ending="\n")
            ).run()
            summary = ", ".join(f"{count:,} {kind}" for kind, count in created.items())
            self.stdout.write(self.style.SUCCESS(f"Scale data: {summary or 'already loaded'}."))
