"""A change to a basket gives its owners' cached header fragments a new version (core.cache)."""

from oscar.core.loading import get_model

from basket.services import basket_owners
from core.cache import owner_tag, tags_changed

Basket = get_model("basket", "Basket")


def _baskets_changed(basket_ids) -> None:
    basket_ids = list(basket_ids)
    if not basket_ids:
        return
    # A deleted basket has no row left: its anonymous key goes stale all the same.
    owner_ids = Basket.objects.filter(pk__in=basket_ids, owner__isnull=False).values_list(
        "owner_id", flat=True
    )
    owners_changed(
        *(f"basket-{pk}" for pk in basket_ids), *(f"user-{owner_id}" for owner_id in set(owner_ids))
    )


def owners_changed(*owners: str) -> None:
    tags_changed(*(owner_tag(owner) for owner in owners))


def basket_saved(sender, instance, **kwargs) -> None:
    owners = basket_owners(instance.pk, instance.owner_id)
    owners_changed(*owners)


def line_saved(sender, instance, **kwargs) -> None:
    _baskets_changed([instance.basket_id])


def line_attribute_saved(sender, instance, **kwargs) -> None:
    _baskets_changed(Basket.objects.filter(lines=instance.line_id).values_list("pk", flat=True))


def vouchers_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if not action.startswith("post_"):
        return
    if reverse:  # voucher.basket_set changed: pk_set holds baskets (None on clear: unknown)
        if pk_set:
            _baskets_changed(pk_set)
    else:
        basket_saved(Basket, instance)


def receivers_connect() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save

    Line = get_model("basket", "Line")
    LineAttribute = get_model("basket", "LineAttribute")
    for signal in (post_save, post_delete):
        signal.connect(basket_saved, sender=Basket, dispatch_uid=f"basket-fragments-basket-{signal}")
        signal.connect(line_saved, sender=Line, dispatch_uid=f"basket-fragments-line-{signal}")
        signal.connect(
            line_attribute_saved, sender=LineAttribute, dispatch_uid=f"basket-fragments-attr-{signal}"
        )
    m2m_changed.connect(
        vouchers_changed, sender=Basket.vouchers.through, dispatch_uid="basket-fragments-vouchers"
    )
