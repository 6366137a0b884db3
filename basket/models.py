from django.db.models import Prefetch
from oscar.apps.basket.abstract_models import AbstractBasket
from oscar.core.loading import get_model

StockRecord = get_model("partner", "StockRecord")


class Basket(AbstractBasket):
    def all_lines(self):
        """Oscar's cached lines, with what the basket, the checkout steps and the pricing
        strategy read per line (product class, the producer behind each stock record, the
        product's other stock records) loaded alongside instead of one query per line."""
        if self.id is None:
            return self.lines.model.objects.none()
        if self._lines is None:
            # Every page's header asks for the basket total, so this query is compiled on
            # every request: joins kept to what pricing and the checkout's grouping read
            # (a deeper chain cost more to build in Python than the one query it saved).
            producer = "partner__seller_profile__village"
            self._lines = (
                self.lines.select_related("product__product_class", f"stockrecord__{producer}")
                .prefetch_related(
                    "attributes",
                    "product__images",
                    Prefetch("product__stockrecords", queryset=StockRecord.objects.select_related(producer)),
                )
                .order_by(self._meta.pk.name)
            )
        return self._lines


from oscar.apps.basket.models import *  # noqa: E402,F401,F403 - Oscar fork convention
