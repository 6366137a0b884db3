from django.db.models import prefetch_related_objects
from oscar.apps.basket.middleware import BasketMiddleware as OscarBasketMiddleware
from oscar.core.loading import get_class

Applicator = get_class("offer.applicator", "Applicator")


class BasketMiddleware(OscarBasketMiddleware):
    def apply_offers_to_basket(self, request, basket):
        """Oscar's, with the basket's vouchers read once: its applicator reads them, and the
        basket and checkout pages read them again to let go of used-up codes
        (basket.services.basket_vouchers_prune). Adding or removing one clears the copy."""
        if not basket.is_empty:
            prefetch_related_objects([basket], "vouchers")
            Applicator().apply(basket, request.user, request)
