"""Voucher codes as staff make them in Oscar's dashboard: a code, and the offer it unlocks."""

import factory
from oscar.core.loading import get_model
from oscar.test import factories as oscar_factories

Benefit = get_model("offer", "Benefit")
Condition = get_model("offer", "Condition")
ConditionalOffer = get_model("offer", "ConditionalOffer")
Voucher = get_model("voucher", "Voucher")


class VoucherFactory(oscar_factories.VoucherFactory):
    """A code for 10% off anything in the shop (any one item qualifies); pass `usage`,
    e.g. Voucher.SINGLE_USE, for a code that works once."""

    name = factory.Sequence(lambda n: f"Promo desa {n}")
    code = factory.Sequence(lambda n: f"DESA{n}")

    @factory.post_generation
    def offers(self, create, extracted, **kwargs):
        if not create:
            return
        everything = oscar_factories.RangeFactory(includes_all_products=True)
        offer = oscar_factories.ConditionalOfferFactory(
            name=f"Voucher {self.code}",
            offer_type=ConditionalOffer.VOUCHER,
            benefit=oscar_factories.BenefitFactory(range=everything, type=Benefit.PERCENTAGE, value=10),
            condition=oscar_factories.ConditionFactory(range=everything, type=Condition.COUNT, value=1),
        )
        self.offers.add(offer)
