"""Repair what lost webhooks and notifications left behind, and cancel bank transfers past their deadline.

Run it every few minutes from cron (or a worker's beat): it is safe to repeat.
"""

from django.core.management.base import BaseCommand

from payment.services import bank_transfers_expire, payments_reconcile


class Command(BaseCommand):
    help = (
        "Compare card payments with Stripe and Midtrans payments with Midtrans: mark paid the ones "
        "whose webhook or notification never arrived, flag the ones paid here but not there, cancel "
        "the ones Midtrans expired; then cancel expired bank transfers."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=30,
            help="Also re-check payments marked paid within this many days (default 30).",
        )

    def handle(self, *args, days: int, **options):
        results = payments_reconcile(paid_within_days=days)
        for result in results:
            line = (
                f"{result.order_number} {result.method}: {result.action} "
                f"(here {result.status}, provider {result.provider_status})"
            )
            if result.needs_attention:
                self.stdout.write(self.style.ERROR(line))
            elif result.action == "ok":
                self.stdout.write(line)
            else:
                self.stdout.write(self.style.SUCCESS(line))
        fixed = sum(1 for result in results if result.action.startswith("marked paid"))
        flagged = sum(1 for result in results if result.needs_attention)
        self.stdout.write(f"Checked {len(results)} payment(s): {fixed} marked paid, {flagged} to check.")

        expired = bank_transfers_expire()
        for payment in expired:
            self.stdout.write(
                f"{payment.order.number} bank_transfer: cancelled, its deadline "
                f"{payment.deadline:%Y-%m-%d %H:%M} passed; stock released"
            )
        self.stdout.write(f"Cancelled {len(expired)} expired bank transfer(s).")
