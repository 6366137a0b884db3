"""Cash on delivery (COD, "bayar di tempat"): the buyer pays each parcel in cash at the door.

When it is offered (``cod_unavailable_reason``): every producer of the basket offers COD
(its portal profile), each producer's parcel (goods + delivery) is within that producer's
own maximum, and the buyer (account and phone number) is not blocked for cancelling or
refusing COD parcels (payment.selectors.cod_block_for). One rule for the whole order,
because an order has one payment method: a buyer whose basket mixes producers with and
without COD pays online, or splits the basket.

The order is placed with its parts unpaid; the producers hear of it at once, pack and ship
unpaid, and record the cash received (or the parcel refused) in the portal through
payment.cod_services. Nothing expires: an unpaid COD order holds no money and is not an
unpaid hoard (payment.selectors.payments_unpaid leaves it out).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.money import rupiah_digits
from core.tasks import enqueue_on_commit
from fulfilment import tasks as fulfilment_tasks
from payment.methods import PaymentMethod
from payment.models import OrderPayment
from payment.selectors import cod_block_for

CODE = "cod"


@dataclass(frozen=True)
class CodPart:
    """One producer's parcel of the basket, as checkout will place it."""

    seller: object  # sellers.SellerProfile
    total: Decimal  # goods + delivery: the cash the courier collects


def cod_unavailable_reason(*, parts: list[CodPart], user=None, phone: str = "") -> str:
    """Why COD cannot be used for this basket, in words for the buyer; empty when it can."""
    if not parts:
        return _("Keranjang kosong.")
    without = [part.seller.name for part in parts if not part.seller.offers_cod]
    if without:
        return _("Bayar di tempat tidak tersedia: %(names)s belum menerima COD.") % {
            "names": ", ".join(without)
        }
    for part in parts:
        if part.total > part.seller.cod_max_order_value:
            return _(
                "Bayar di tempat tidak tersedia: paket dari %(name)s (Rp %(total)s) melebihi batas "
                "COD produsen itu, Rp %(max)s."
            ) % {
                "name": part.seller.name,
                "total": rupiah_digits(part.total),
                "max": rupiah_digits(part.seller.cod_max_order_value),
            }
    block = cod_block_for(user=user, phone=phone)
    if block is not None:
        return _(
            "Bayar di tempat tidak tersedia untuk akun atau nomor telepon ini sampai %(date)s: "
            "%(count)s paket COD dibatalkan atau ditolak dalam %(days)s hari."
        ) % {
            "date": formats.date_format(block.until, "j F Y"),
            "count": len(block.strikes),
            "days": settings.COD_STRIKE_WINDOW_DAYS,
        }
    return ""


class CashOnDelivery(PaymentMethod):
    code = CODE
    name = gettext_lazy("Bayar di tempat (COD)")
    description = gettext_lazy(
        "Bayar tunai saat paket tiba, ke kurir atau produsen. Tiap produsen mengirim paketnya "
        "sendiri dan ditagih sendiri-sendiri."
    )
    template_name = "payment/cod.html"
    # Money goes back by a transfer staff make to the account the buyer gives, as for a
    # bank transfer; the producer's ledger pays for it (ledger_record_refund).
    refunds_itself = False

    def start(self, *, payment: OrderPayment) -> None:
        payment.amount_due = payment.amount
        payment.deadline = None

    def placed(self, *, payment: OrderPayment) -> None:
        # Producers ship COD parts unpaid: they hear of the order now, not when it is paid.
        enqueue_on_commit(fulfilment_tasks.send_new_order_to_producers, payment.order_id)

    def unavailable_reason(self, *, parts: list[CodPart], user=None, phone: str = "") -> str:
        return cod_unavailable_reason(parts=parts, user=user, phone=phone)

    def refund(self, *, payment: OrderPayment, amount: Decimal, reason: str) -> str:
        return ""
