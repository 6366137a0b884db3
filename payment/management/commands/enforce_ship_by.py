"""Ship-by deadline (the scheduler runs it; safe to repeat): flag paid parts not shipped in
their processing days + 2 to the producer, and cancel and refund those still not shipped
SHIP_BY_GRACE_DAYS later."""

from django.core.management.base import BaseCommand

from fulfilment.services import seller_orders_flag_late
from payment.ship_by import seller_orders_cancel_overdue


class Command(BaseCommand):
    help = (
        "Tell producers about paid parts past their ship-by date, and cancel and refund parts "
        "still not shipped SHIP_BY_GRACE_DAYS after it."
    )

    def handle(self, *args, **options):
        flagged = seller_orders_flag_late()
        for seller_order in flagged:
            self.stdout.write(f"{seller_order.number}: late, {seller_order.seller.name} told")
        cancelled = seller_orders_cancel_overdue()
        for seller_order in cancelled:
            self.stdout.write(f"{seller_order.number}: cancelled and refunded")
        self.stdout.write(f"Flagged {len(flagged)}, cancelled {len(cancelled)} producer part(s).")
