from django.core.management.base import BaseCommand
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

    def handle(self, *args, all_regions=False, **options):
        # The demo places and ships orders; their e-mails would only flood the console.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            loader = DemoLoader(report=lambda line: self.stdout.write(f"  {line}"), all_regions=all_regions)
            created = loader.run()
        if created:
            summary = ", ".join(f"{count} {kind}" for kind, count in created.items())
            self.stdout.write(self.style.SUCCESS(f"Demo data loaded: created {summary}."))
        else:
            self.stdout.write(self.style.SUCCESS("Demo data already complete: nothing to change."))
