"""What the buyer chose in our checkout steps, kept in the session under our own key.

Oscar's CheckoutSessionData keeps what its gateway and payment step set (the guest's
e-mail, the payment method) through its public methods; the Indonesian address with its
desa and the delivery choice per producer have no place there, so they live here.
"""

from django.contrib.sessions.backends.base import SessionBase

SESSION_KEY = "pasar_checkout"


class CheckoutChoices:
    def __init__(self, session: SessionBase):
        self.session = session

    def _data(self) -> dict:
        return self.session.get(SESSION_KEY, {})

    def _store(self, **values) -> None:
        self.session[SESSION_KEY] = {**self._data(), **values}

    def address(self) -> dict | None:
        """Oscar's shipping address columns, plus the courier's notes."""
        return self._data().get("address")

    def village_code(self) -> str | None:
        return self._data().get("village")

    def ship_to(self, *, address: dict, village_code: str) -> None:
        self._store(address=address, village=village_code)

    def shipping_choices(self) -> dict:
        """The delivery method picked for each producer, by seller id (as a string)."""
        return self._data().get("shipping") or {}

    def ship_by(self, choices: dict) -> None:
        self._store(shipping=choices)

    def buyer_phone(self) -> str:
        """The buyer's own number in E.164, any country's (the payment step)."""
        return self._data().get("buyer_phone") or ""

    def contact_at(self, phone: str) -> None:
        self._store(buyer_phone=phone)

    def flush(self) -> None:
        self.session.pop(SESSION_KEY, None)
