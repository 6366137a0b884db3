"""Which payment methods a buyer is offered: all of them at home; from abroad, those that work
with a foreign card (payment.methods.PaymentMethod.works_from_abroad), unless the buyer asks
for the Indonesian ones too (a worker may still have an Indonesian account or e-wallet)."""

from dataclasses import dataclass

from payment.methods import PaymentMethod


@dataclass(frozen=True)
class MethodsOffered:
    methods: dict[str, PaymentMethod]
    # How many Indonesian-only methods are left out (0: nothing to offer to show).
    hidden: int


def payment_methods_for_visitor(
    *, methods: dict[str, PaymentMethod], from_abroad: bool, show_indonesian: bool
) -> MethodsOffered:
    if not from_abroad or show_indonesian:
        return MethodsOffered(methods=methods, hidden=0)
    abroad = {code: method for code, method in methods.items() if method.works_from_abroad}
    if not abroad:
        # No card payment configured: hiding every method would leave no way to pay.
        return MethodsOffered(methods=methods, hidden=0)
    return MethodsOffered(methods=abroad, hidden=len(methods) - len(abroad))
