"""Move complaints whose deadline passed (the scheduler runs it every 30 minutes; safe to repeat)."""

from django.core.management.base import BaseCommand

from complaints.services import complaints_enforce_deadlines


class Command(BaseCommand):
    help = (
        "Send complaints the producer left unanswered past COMPLAINT_PRODUCER_WORKING_DAYS to staff, "
        "and accept offers and rejections the buyer left unanswered past COMPLAINT_BUYER_RESPONSE_HOURS."
    )

    def handle(self, *args, **options):
        moved = complaints_enforce_deadlines()
        for complaint, what in moved:
            self.stdout.write(f"{complaint.seller_order.number}: {what}")
        self.stdout.write(f"Moved {len(moved)} complaint(s).")
