"""The basket as the page header shows it, without loading the basket on every page.

Every page's header shows the visitor's basket (its total, and a drop-down of its lines).
Loading a basket means finding it, its lines with their products and stock records, and
applying the offers: on a logged-in product list that was half of the request's time. The
header's basket fragments are instead rendered once per version of the basket (core.cache,
includes/visitor_fragment.html) and rendered again only after it changed: its lines, its
vouchers or its status (basket.receivers), or the prices and offers.

And the basket's vouchers that its owner can no longer use, taken out before they reach an
order.
"""

from django.conf import settings
from django.core.signing import BadSignature, Signer
from django.utils.translation import gettext as _


def basket_owner(request) -> str | None:
    """Whose basket this request shows, when that is known without loading it: "user-<id>"
    or "basket-<id>" (an anonymous visitor's, from the signed cookie). None when the basket
    has to be loaded anyway: a cookie basket to merge into a logged-in
    visitor's, a cookie that does not verify, or no basket at all (nothing to look up).

    A request that changes the basket redirects (Oscar's views all do), so the page that
    shows the change is the next request, after the change's new version was written."""
    if getattr(request, "basket", None) is None:
        return None
    cookie = request.COOKIES.get(settings.OSCAR_BASKET_COOKIE_OPEN)
    if request.user.is_authenticated:
        return None if cookie else f"user-{request.user.pk}"
    if not cookie:
        return None
    try:
        return f"basket-{int(Signer().unsign(cookie))}"
    except (BadSignature, ValueError):
        return None


def basket_owners(basket_id: int | None, owner_id: int | None) -> list[str]:
    """The owner keys a change to this basket makes stale."""
    owners = []
    if basket_id is not None:
        owners.append(f"basket-{basket_id}")
    if owner_id is not None:
        owners.append(f"user-{owner_id}")
    return owners


def voucher_unusable_reason(*, voucher, user) -> str:
    """Why this basket voucher cannot go into an order now (empty when it can): Oscar's
    OrderCreator asks the same two questions and refuses the whole order over either."""
    if not voucher.is_active():
        return _("masa berlakunya sudah habis")
    usable, reason = voucher.is_available_to_user(user=user)
    return "" if usable else str(reason or _("tidak bisa dipakai"))


def basket_vouchers_prune(*, basket, user) -> list[str]:
    """Take out of the basket the vouchers its owner can no longer use (ended, a single-use
    code used in someone else's order meanwhile), with one message for each. Oscar's offer
    applicator already gives them no discount, so the basket's totals stay as they were."""
    if basket.id is None:
        return []
    removed = []
    for voucher in list(basket.vouchers.all()):
        reason = voucher_unusable_reason(voucher=voucher, user=user)
        if reason:
            basket.vouchers.remove(voucher)
            removed.append(
                _("Kode voucher %(code)s dilepas dari keranjang: %(reason)s.")
                % {"code": voucher.code, "reason": reason}
            )
    return removed
