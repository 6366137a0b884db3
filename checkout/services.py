"""Placing a buyer's order: one Oscar order, one SellerOrder per producer, one payment.

Stock is reserved under row locks (SELECT … FOR UPDATE on the basket's stock records,
in id order so concurrent checkouts cannot deadlock), so no unit is ever sold twice.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from oscar.core.loading import get_class, get_model
from oscar.core.prices import Price

from address import services as address_services
from basket.services import voucher_unusable_reason
from checkout import tasks
from core import batching
from core.tasks import enqueue_on_commit
from exchange.countries import HOME_COUNTRY
from fulfilment.services import SellerOrderPart, seller_orders_create
from partner.strategy import product_is_public, seller_is_approved
from payment.cod import CODE as COD
from payment.cod import CodPart
from payment.methods import payment_method, payment_methods
from payment.selectors import payments_unpaid_of
from payment.services import payment_create
from regions.models import Village
from sellers.models import SellerProfile
from shipping.services import ProducerParcel, ShippingQuote, shipping_quotes
from shipping.weights import Parcel, ParcelItem

OrderCreator = get_class("order.utils", "OrderCreator")
OrderTotalCalculator = get_class("checkout.calculators", "OrderTotalCalculator")
OrderNumberGenerator = get_class("order.utils", "OrderNumberGenerator")
StockRecord = get_model("partner", "StockRecord")
Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
ShippingAddress = get_model("order", "ShippingAddress")


class PerProducerShipping:
    """Oscar shipping method whose charge is the sum of each producer's own charge."""

    code = "per-producer"
    name = "Pengiriman per produsen"
    description = ""
    is_discounted = False

    def __init__(self, quotes: list[ShippingQuote]):
        self.quotes = quotes

    def calculate(self, basket) -> Price:
        total = sum((quote.charge for quote in self.quotes), Decimal("0"))
        return Price(currency=basket.currency or "IDR", excl_tax=total, incl_tax=total)


@dataclass
class BasketGroup:
    seller: SellerProfile
    lines: list
    subtotal: Decimal
    dispatch_days: int
    # What the order's lines will hold: the subtotal less the basket's offer discounts.
    lines_total: Decimal

    def seller_order_part(self, quote: ShippingQuote, *, cash_on_delivery: bool = False) -> SellerOrderPart:
        """This producer's part of the order, shipped as the buyer chose."""
        return SellerOrderPart(
            cash_on_delivery=cash_on_delivery,
            seller=self.seller,
            lines_total=self.lines_total,
            dispatch_days=quote.dispatch_days,
            shipping_method=quote.label,
            shipping_charge=quote.charge,
            courier_service_id=quote.service_id,
            billed_weight_grams=quote.billed_weight_kg * 1000,
        )

    def producer_parcel(self) -> ProducerParcel:
        """The one parcel this producer sends for the order, from the producer's kabupaten."""
        items = tuple(
            ParcelItem(
                # Products listed before weights were asked: their net weight, else a kilogram.
                weight_grams=line.product.weight_grams or line.product.net_weight_grams or 1000,
                quantity=line.quantity,
                length_cm=line.product.length_cm,
                width_cm=line.product.width_cm,
                height_cm=line.product.height_cm,
            )
            for line in self.lines
        )
        # Kemendagri codes nest: a desa's code begins with its kabupaten's four digits.
        origin = self.seller.village_id[:4]
        parcel = Parcel(origin_regency_code=origin, items=items, packaging_grams=self.seller.packaging_grams)
        return ProducerParcel(seller=self.seller, parcel=parcel, dispatch_days=self.dispatch_days)


def basket_groups(basket) -> list[BasketGroup]:
    """The basket split by producer: what the buyer sees at checkout, and the SellerOrders."""
    by_seller: dict[int, list] = defaultdict(list)
    sellers = {}
    for line in basket.all_lines():  # producers come with the lines (basket.models.Basket)
        seller = line.stockrecord.partner.seller_profile
        by_seller[seller.pk].append(line)
        sellers[seller.pk] = seller
    groups = []
    for seller_id, lines in by_seller.items():
        groups.append(
            BasketGroup(
                seller=sellers[seller_id],
                lines=lines,
                subtotal=sum((line.line_price_incl_tax for line in lines), Decimal("0")),
                dispatch_days=max(line.product.processing_days for line in lines),
                lines_total=sum((line.line_price_incl_tax_incl_discounts for line in lines), Decimal("0")),
            )
        )
    return sorted(groups, key=lambda group: group.seller.name)


def basket_lines_not_for_sale(basket) -> list:
    """Lines the shop no longer sells (hidden product, producer not approved, stock record
    gone): checkout stops at the basket, where each can be removed. Stock is left to
    order_place, which counts it under row locks."""
    return [
        line
        for line in basket.all_lines()
        if line.stockrecord is None
        or not (product_is_public(line.product) and seller_is_approved(line.stockrecord))
    ]


def checkout_quotes(*, groups: list[BasketGroup], village: Village | None) -> dict[int, list[ShippingQuote]]:
    """Each producer's ways to the buyer's kabupaten, cheapest courier first, by seller id."""
    destination = village.district.regency if village is not None else None
    return shipping_quotes(parcels=[group.producer_parcel() for group in groups], destination=destination)


def chosen_quotes(
    *, groups: list[BasketGroup], village: Village | None, choices: dict
) -> dict[int, ShippingQuote | None]:
    """The quote the buyer picked for each producer, by seller id: the cheapest when the
    pick is gone (or none was made), None when nothing reaches the buyer's kabupaten."""
    chosen = {}
    for seller_id, quotes in checkout_quotes(groups=groups, village=village).items():
        wanted = choices.get(str(seller_id))
        chosen[seller_id] = next(
            (quote for quote in quotes if quote.key == wanted), quotes[0] if quotes else None
        )
    return chosen


def payment_parts(*, groups: list[BasketGroup], quotes: dict) -> list[CodPart]:
    """Each producer's parcel as a payment method weighs it: goods plus the chosen delivery."""
    return [
        CodPart(
            seller=group.seller,
            total=group.lines_total + (quotes[group.seller.pk].charge if quotes.get(group.seller.pk) else 0),
        )
        for group in groups
    ]


def payment_methods_offered(
    *, groups: list[BasketGroup], village: Village | None, choices: dict, user=None, phone: str = ""
) -> tuple[dict, dict[str, tuple]]:
    """The methods this basket can be paid by, and each other one with why it is not offered
    (cash on delivery: a producer without COD, a parcel over its maximum, a blocked buyer)."""
    quotes = chosen_quotes(groups=groups, village=village, choices=choices)
    parts = payment_parts(groups=groups, quotes=quotes)
    offered, refused = {}, {}
    for code, method in payment_methods().items():
        reason = method.unavailable_reason(parts=parts, user=user, phone=phone)
        if reason:
            refused[code] = (method, reason)
        else:
            offered[code] = method
    return offered, refused


def undeliverable_message(group: BasketGroup) -> str:
    return _(
        "Belum ada kurir dari %(seller)s ke kabupaten Anda. Hapus barangnya dari keranjang atau "
        "pilih alamat lain."
    ) % {"seller": group.seller.name}


def _order_placed_from(basket):
    """The order this basket already became, if it did, with the basket locked until commit."""
    status = Basket.objects.select_for_update().filter(pk=basket.pk).values_list("status", flat=True).first()
    if status != Basket.SUBMITTED:
        return None
    order = Order.objects.filter(basket_id=basket.pk).first()
    if order is None:
        raise ValidationError(_("Keranjang ini sudah dipesan."))
    return order


def _reserve_stock(basket) -> None:
    """Lock the basket's stock records and refuse the order if any unit is missing."""
    wanted: dict[int, int] = defaultdict(int)
    for line in basket.all_lines():
        wanted[line.stockrecord_id] += line.quantity
    # FOR NO KEY UPDATE: checkouts still wait for each other, but a buyer adding the same
    # product to a basket meanwhile does not: the basket line's foreign-key check (KEY SHARE)
    # conflicts with FOR UPDATE and deadlocked against it (found by tests/faults).
    locked = (
        StockRecord.objects.select_for_update(of=("self",), no_key=True).filter(pk__in=wanted).order_by("pk")
    )
    problems = []
    for stockrecord in locked.select_related("product__parent", "partner__seller_profile"):
        # The pricing strategy's rule, read again here: the basket's lines may have been
        # priced before the producer hid the product or was suspended.
        if not (product_is_public(stockrecord.product) and seller_is_approved(stockrecord)):
            problems.append(_("%(title)s sedang tidak dijual.") % {"title": stockrecord.product.title})
            continue
        if stockrecord.num_in_stock is None:
            continue  # made to order
        available = stockrecord.num_in_stock - (stockrecord.num_allocated or 0)
        if wanted[stockrecord.pk] > available:
            problems.append(
                _("Stok %(title)s tinggal %(n)s.")
                % {"title": stockrecord.product.title, "n": max(available, 0)}
            )
    if problems:
        raise ValidationError(problems)


def _lock_buyer(*keys: str) -> None:
    """Serialise checkouts of one buyer and one address until commit, so that several
    placed at once cannot all pass the unpaid-order count (PostgreSQL; SQLite has one writer)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for key in sorted({key for key in keys if key}):
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"unpaid-orders:{key}"])


def _check_unpaid_orders(*, user, email: str, address: str) -> None:
    email = (email or "").strip().lower()
    _lock_buyer(
        f"email:{email}" if email else "",
        f"user:{user.pk}" if user.is_authenticated else "",
        f"address:{address}" if address else "",
    )
    held = payments_unpaid_of(user=user, email=email).count()
    if held >= settings.UNPAID_ORDERS_PER_BUYER:
        raise ValidationError(
            ngettext(
                "Anda masih punya %(count)s pesanan yang belum dibayar. Bayar dulu (caranya ada di "
                "e-mail pesanan), atau tunggu pesanan itu batal otomatis %(hours)s jam setelah dibuat, "
                "lalu pesan lagi.",
                "Anda masih punya %(count)s pesanan yang belum dibayar. Bayar dulu (caranya ada di "
                "e-mail pesanan), atau tunggu pesanan itu batal otomatis %(hours)s jam setelah dibuat, "
                "lalu pesan lagi.",
                held,
            )
            % {"count": held, "hours": settings.BANK_TRANSFER_HOURS},
            code="unpaid_orders",
        )
    if address and payments_unpaid_of(address=address).count() >= settings.UNPAID_ORDERS_PER_ADDRESS:
        raise ValidationError(
            _(
                "Terlalu banyak pesanan yang belum dibayar dari jaringan internet ini. Coba lagi "
                "setelah pesanan itu dibayar atau batal otomatis (%(hours)s jam setelah dibuat)."
            )
            % {"hours": settings.BANK_TRANSFER_HOURS},
            code="unpaid_orders",
        )


def _check_vouchers(basket, user) -> None:
    """Refuse the order over a voucher used up since the checkout pages pruned the basket's
    (a single-use code taken by another order a moment ago). Locked as OrderCreator locks
    them, so its own check, which would raise a bare ValueError, finds nothing left."""
    problems = []
    for voucher in basket.vouchers.select_for_update():
        if reason := voucher_unusable_reason(voucher=voucher, user=user):
            problems.append(
                _("Kode voucher %(code)s tidak bisa dipakai: %(reason)s.")
                % {"code": voucher.code, "reason": reason}
            )
    if problems:
        raise ValidationError(problems)


@transaction.atomic
# What the saves of an order ask of their receivers (each line's and stock record's search
# entry) is done once for the whole order, before the commit (core.batching).
@batching.batched()
def order_place(
    *,
    basket,
    user,
    email: str,
    address: dict,
    village: Village,
    shipping_choices: dict,
    payment_method_code: str,
    client_address: str = "",
    language: str = "id",
    country_of_work: str = HOME_COUNTRY,
    buyer_phone: str = "",
):
    """Create the order, reserve stock, split it per producer and open its payment.

    Refused while the buyer (account or e-mail) or the client address already holds as
    many unpaid orders as the settings allow: unpaid orders hold stock.

    Once per basket: the basket's row is locked first, so a second "Buat pesanan" sent
    while the first was being placed (a double click, a retried request) waits for it and
    gets the order it made rather than a second order or Oscar's duplicate-number error.
    """
    if (placed := _order_placed_from(basket)) is not None:
        return placed
    if basket.is_empty:
        raise ValidationError(_("Keranjang Anda kosong."))
    # Oscar's OrderCreator records a voucher's use with this user and asks whether the user
    # may use it: both want AnonymousUser for a guest, as in Oscar's own checkout, not None.
    user = user if user is not None else AnonymousUser()
    _check_unpaid_orders(user=user, email=email, address=client_address)
    _check_vouchers(basket, user)
    _reserve_stock(basket)
    groups = basket_groups(basket)
    quotes = chosen_quotes(groups=groups, village=village, choices=shipping_choices)
    if unreached := [undeliverable_message(group) for group in groups if quotes[group.seller.pk] is None]:
        raise ValidationError(unreached)
    # Asked again here: the basket, the address's phone or a COD block may have changed
    # since the payment step offered the method.
    reason = payment_method(payment_method_code).unavailable_reason(
        parts=payment_parts(groups=groups, quotes=quotes), user=user, phone=address.get("phone_number") or ""
    )
    if reason:
        raise ValidationError(reason, code="payment_method_unavailable")
    cash_on_delivery = payment_method_code == COD
    shipping_method = PerProducerShipping(list(quotes.values()))
    shipping_charge = shipping_method.calculate(basket)
    total = OrderTotalCalculator().calculate(basket, shipping_charge)
    shipping_address = ShippingAddress(
        country=address_services.country_indonesia(), village=village, **address
    )
    shipping_address.save()
    if user.is_authenticated:
        # Offered again at the buyer's next checkout (address.selectors).
        address_services.user_address_remember(user=user, shipping_address=shipping_address)
    order = OrderCreator().place_order(
        basket=basket,
        total=total,
        shipping_method=shipping_method,
        shipping_charge=shipping_charge,
        user=user,
        shipping_address=shipping_address,
        order_number=OrderNumberGenerator().order_number(basket),
        guest_email=email if not user.is_authenticated else "",
        language=language,
        placed_from=client_address or None,
        country_of_work=country_of_work,
        buyer_phone=buyer_phone,
    )
    seller_orders_create(
        order=order,
        parts=[
            group.seller_order_part(quotes[group.seller.pk], cash_on_delivery=cash_on_delivery)
            for group in groups
        ],
    )
    payment_create(order=order, method_code=payment_method_code)
    basket.submit()
    enqueue_on_commit(tasks.send_order_confirmation, order.pk)
    return order


@dataclass(frozen=True)
class ShippingEstimate:
    """What the basket can say about delivery before checkout: the cheapest courier of each
    producer to the address the buyer last had an order sent to."""

    village: Village
    total: Decimal
    unreached: list[str]


def buyer_saved_village(user) -> Village | None:
    """The desa of the signed-in buyer's latest delivery address (their orders keep it)."""
    if not user.is_authenticated:
        return None
    address = (
        ShippingAddress.objects.filter(order__user=user, village__isnull=False)
        .order_by("-order__date_placed")
        .values_list("village_id", flat=True)
        .first()
    )
    return Village.objects.with_hierarchy().filter(code=address).first() if address else None


def basket_shipping_estimate(*, basket, user) -> ShippingEstimate | None:
    village = buyer_saved_village(user)
    if village is None or basket.is_empty:
        return None
    groups = basket_groups(basket)
    cheapest = chosen_quotes(groups=groups, village=village, choices={})
    return ShippingEstimate(
        village=village,
        total=sum((quote.charge for quote in cheapest.values() if quote is not None), Decimal("0")),
        unreached=[group.seller.name for group in groups if cheapest[group.seller.pk] is None],
    )
