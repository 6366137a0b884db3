"""Prepare the family baskets due soon and e-mail their links (the scheduler runs it; safe to repeat)."""

from django.core.management.base import BaseCommand

from family.services import family_baskets_prepare


class Command(BaseCommand):
    help = (
        "Prepare each repeat's family basket FAMILY_BASKET_DAYS_BEFORE days before its date and "
        "e-mail the buyer its 'Bayar dan kirim' link; products no longer sold are left out."
    )

    def handle(self, *args, **options):
        prepared = family_baskets_prepare()
        for basket in prepared:
            skipped = f", skipped: {', '.join(basket.skipped)}" if basket.skipped else ""
            self.stdout.write(
                f"{basket.repeat.source.order.number}: basket for {basket.for_date} "
                f"({len(basket.items)} product(s){skipped})"
            )
        self.stdout.write(f"Prepared {len(prepared)} family basket(s).")
