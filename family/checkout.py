"""The checkout's hooks for a family order (checkout.views calls these; nothing else of
checkout knows about families).

The choice made at the address step, and what a family basket's link prefilled, wait in the
session under our own key until the order is placed.
"""

from django.contrib.sessions.backends.base import SessionBase

from family import selectors, services
from family.forms import FamilyChoiceForm
from family.models import FamilyBasket

SESSION_KEY = "pasar_family"


def _data(session: SessionBase) -> dict:
    return session.get(SESSION_KEY, {})


def family_choice(session: SessionBase) -> dict | None:
    return _data(session).get("choice")


def family_form(session: SessionBase, data=None) -> FamilyChoiceForm:
    """The address step's family part, filled with what the buyer chose before."""
    choice = family_choice(session)
    initial = {"send_to_family": True, **choice} if choice else {}
    return FamilyChoiceForm(data, initial=initial)


def family_form_as_typed(data) -> FamilyChoiceForm:
    """The family part as the buyer typed it, unchecked (the region selects' refresh)."""
    fields = FamilyChoiceForm.base_fields
    return FamilyChoiceForm(initial={name: data.get(f"{FamilyChoiceForm.prefix}-{name}") for name in fields})


def earlier_recipients(user) -> list:
    """The address step's "Kirim lagi ke keluarga": the families this buyer sent to before."""
    return selectors.family_recipients_earlier(user=user)


def _address_columns(address) -> dict:
    # A saved address (Oscar's UserAddress) and an order's ShippingAddress share these columns.
    return {
        "first_name": address.first_name,
        "phone_number": str(address.phone_number or ""),
        "line1": address.line1,
        "postcode": address.postcode,
        "notes": address.notes,
    }


def recipient_from_address(*, user, address) -> tuple[dict, object, FamilyChoiceForm]:
    """A saved address picked as the family's: its columns and desa, and the family part
    ticked, with the sender's name of this buyer's last gift (or their own name)."""
    last = next(iter(selectors.family_recipients_earlier(user=user, limit=1)), None)
    sender = last.sender_name if last else (user.get_full_name() or "")
    form = FamilyChoiceForm(initial={"send_to_family": True, "sender_name": sender, "notify_family": True})
    return _address_columns(address), address.village, form


def recipient_from_earlier(*, user, delivery_id) -> tuple[dict, object, FamilyChoiceForm] | None:
    """An earlier family recipient picked: the address that gift went to, and its sender's
    name and "tell them first"; the message is the buyer's to write anew."""
    delivery = selectors.family_recipient_earlier(user=user, delivery_id=delivery_id)
    if delivery is None:
        return None
    address = delivery.order.shipping_address
    initial = {
        "send_to_family": True,
        "sender_name": delivery.sender_name,
        "notify_family": delivery.notify_family,
    }
    return _address_columns(address), address.village, FamilyChoiceForm(initial=initial)


def family_choice_keep(session: SessionBase, form: FamilyChoiceForm | None) -> None:
    """Keep the valid form's choice (None: the buyer chose a saved address, not the family's)."""
    session[SESSION_KEY] = {**_data(session), "choice": form.choice() if form is not None else None}


def family_prefill_keep(session: SessionBase, *, family_basket: FamilyBasket) -> None:
    """A family basket's link: its order's recipient and gift, prefilled at the address step."""
    delivery = family_basket.repeat.source
    address = delivery.order.shipping_address
    session[SESSION_KEY] = {
        "choice": {
            "sender_name": delivery.sender_name,
            "gift_message": delivery.gift_message,
            "notify_family": delivery.notify_family,
        },
        "family_basket": family_basket.pk,
        "address": {
            "first_name": address.first_name,
            "phone_number": str(address.phone_number or ""),
            "line1": address.line1,
            "postcode": address.postcode,
            "notes": address.notes,
        },
        "village": address.village_id,
    }


def address_prefill(session: SessionBase) -> tuple[dict, str | None]:
    """The family address a family basket's link brought (address columns, desa code), given
    once: after that the address step shows what the buyer typed."""
    data = _data(session)
    address, village = data.pop("address", None) or {}, data.pop("village", None)
    if address:
        session[SESSION_KEY] = data
    return address, village


def family_order_placed(*, session: SessionBase, order) -> None:
    """After checkout.services.order_place: record the family's part of the order."""
    data = session.pop(SESSION_KEY, {})
    choice = data.get("choice")
    if not choice:
        return
    services.family_delivery_create(order=order, **choice)
    if basket_id := data.get("family_basket"):
        family_basket = FamilyBasket.objects.filter(pk=basket_id, order__isnull=True).first()
        if family_basket is not None:
            services.family_basket_ordered(family_basket=family_basket, order=order)
