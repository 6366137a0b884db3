"""Release held money of parts nobody confirmed in time (the scheduler runs it; safe to repeat)."""

from django.core.management.base import BaseCommand

from fulfilment.services import seller_orders_release_due


class Command(BaseCommand):
    help = (
        "Make held money available for producers' parts delivered ESCROW_RELEASE_DAYS_AFTER_DELIVERY "
        "days ago, or shipped ESCROW_RELEASE_DAYS_AFTER_SHIPPING days ago with no delivery reported."
    )

    def handle(self, *args, **options):
        released = seller_orders_release_due()
        for seller_order in released:
            self.stdout.write(f"{seller_order.number}: released to {seller_order.seller.name}")
        self.stdout.write(f"Released {len(released)} producer part(s).")
