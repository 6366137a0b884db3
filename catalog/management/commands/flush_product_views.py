from django.core.management.base import BaseCommand

from catalog.analytics import product_views_flush


class Command(BaseCommand):
    help = "Write product page views counted in the cache to Oscar's analytics tables."

    def handle(self, *args, **options):
        self.stdout.write(f"Recorded {product_views_flush()} product views.")
