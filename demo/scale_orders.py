"""The scale shop's orders, their producers' parts and the ledger they book (demo.scale)."""

import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal

from demo.scale import (
    ABROAD_SHARE,
    BATCH_ORDERS,
    SLUG_PREFIX,
    Account,
    Kind,
    LedgerEntry,
    Line,
    Order,
    Progress,
    SellerOrder,
    Status,
    abroad_countries,
    commission,
    copy_rows,
    pick_outcome,
    reserve_ids,
)
from exchange.countries import HOME_COUNTRY

SHIPPING = Decimal("15000")
PAID = (Status.PAID, Status.PACKED, Status.SHIPPED, Status.DELIVERED, Status.REFUNDED)
ORDER_STATUS = {
    Status.AWAITING_PAYMENT: "Pending",
    Status.CANCELLED: "Cancelled",
    Status.REFUNDED: "Refunded",
}


class OrderWriter:
    def __init__(self, *, loader, catalogue: dict[int, list[tuple]]):
        self.rng: random.Random = loader.rng
        self.report = loader.report
        self.now = loader.now
        self.catalogue = catalogue
        self.sellers = list(catalogue)
        self.lines_wanted = loader.sizes["lines"]
        self.countries = abroad_countries()
        self.buyers = max(100, self.lines_wanted // 10)  # guests, told apart by their e-mail
        # Per producer and month (year, month): what its parts released, for the payouts.
        self.released: dict[tuple[int, tuple[int, int]], Decimal] = defaultdict(Decimal)
        self.counts = defaultdict(int)

    def run(self) -> dict[str, int]:
        # Ids for as many orders as there could be (one line each); the sequences skip the rest.
        most = self.lines_wanted
        first_order, first_part = reserve_ids(Order, most), reserve_ids(SellerOrder, most)
        self.next_line = reserve_ids(Line, most + 4 * BATCH_ORDERS)
        progress = Progress(self.report, "order lines", self.lines_wanted)
        done = 0
        while self.counts["order lines"] < self.lines_wanted and done < most:
            # About 2.5 lines an order: the last batch only as large as the lines still wanted.
            size = min(
                BATCH_ORDERS, most - done, 1 + int((self.lines_wanted - self.counts["order lines"]) / 2.5)
            )
            self._batch(first_order + done, first_part + done, size)
            done += size
            progress(self.counts["order lines"], f"; {done:,} orders")
        self._payouts()
        return dict(self.counts)

    def _batch(self, first_order: int, first_part: int, size: int) -> None:
        orders, parts, lines, entries = [], [], [], []
        for n in range(size):
            order_id, part_id = first_order + n, first_part + n
            seller_id = self.rng.choice(self.sellers)
            offered = self.catalogue[seller_id]
            chosen = self.rng.sample(offered, min(len(offered), self.rng.randint(1, 4)))
            seller = chosen[0][4]
            earliest = max(seller.approved_at, self.now - dt.timedelta(days=730))
            span = max(1, int((self.now - dt.timedelta(days=10) - earliest).total_seconds()))
            placed = earliest + dt.timedelta(seconds=self.rng.randrange(span))
            number = f"PDS-{order_id}"
            total = Decimal("0")
            units = 0
            for product_id, stock_id, title, price, _seller in chosen:
                quantity = self.rng.choice((1, 1, 1, 2, 2, 3, 5))
                price_total = price * quantity
                total += price_total
                units += quantity
                lines.append(
                    Line(
                        id=self.next_line,
                        order_id=order_id,
                        partner_id=seller.partner_id,
                        partner_name=seller.name,
                        partner_sku=f"{SLUG_PREFIX}{product_id}",
                        stockrecord_id=stock_id,
                        product_id=product_id,
                        title=title,
                        quantity=quantity,
                        line_price_incl_tax=price_total,
                        line_price_excl_tax=price_total,
                        line_price_before_discounts_incl_tax=price_total,
                        line_price_before_discounts_excl_tax=price_total,
                        unit_price_incl_tax=price,
                        unit_price_excl_tax=price,
                        status="",
                        num_allocated=0,
                    )
                )
                self.next_line += 1
            status = pick_outcome(self.rng)
            abroad = self.rng.random() < ABROAD_SHARE
            orders.append(
                Order(
                    id=order_id,
                    number=number,
                    currency="IDR",
                    total_incl_tax=total + SHIPPING,
                    total_excl_tax=total + SHIPPING,
                    shipping_incl_tax=SHIPPING,
                    shipping_excl_tax=SHIPPING,
                    shipping_method="Kurir",
                    shipping_code="kurir",
                    status=ORDER_STATUS.get(status, "Paid"),
                    guest_email=f"pembeli{self.rng.randrange(self.buyers)}@contoh.id",
                    date_placed=placed,
                    country_of_work=self.rng.choice(self.countries) if abroad else HOME_COUNTRY,
                )
            )
            part = SellerOrder(
                id=part_id,
                order_id=order_id,
                seller_id=seller.id,
                number=f"{number}-1",
                status=status,
                lines_total=total,
                units=units,
                shipping_method="Kurir",
                shipping_charge=SHIPPING,
                created_at=placed,
            )
            self._timeline(part, placed)
            parts.append(part)
            entries += self._ledger(part)
        self.counts["orders"] += copy_rows(Order, orders)
        self.counts["order lines"] += copy_rows(Line, lines)
        self.counts["seller orders"] += copy_rows(SellerOrder, parts)
        first_entry = reserve_ids(LedgerEntry, len(entries))
        for n, entry in enumerate(entries):
            entry.id = first_entry + n
        self.counts["ledger entries"] += copy_rows(LedgerEntry, entries)

    def _timeline(self, part: SellerOrder, placed: dt.datetime) -> None:
        if part.status == Status.CANCELLED:
            part.cancelled_at = placed + dt.timedelta(days=1)
            return
        if part.status not in PAID:
            return
        part.paid_at = placed + dt.timedelta(minutes=self.rng.randrange(5, 600))
        if part.status in (Status.PACKED, Status.SHIPPED, Status.DELIVERED, Status.REFUNDED):
            part.packed_at = part.paid_at + dt.timedelta(days=1)
        if part.status in (Status.SHIPPED, Status.DELIVERED):
            part.shipped_at = part.packed_at + dt.timedelta(hours=6)
            part.courier, part.tracking_number = "JNE", f"JNE{part.id:012d}"
        if part.status == Status.DELIVERED:
            part.delivered_at = part.shipped_at + dt.timedelta(days=self.rng.randrange(1, 5))

    def _ledger(self, part: SellerOrder) -> list[LedgerEntry]:
        """What ledger.services books for the part (ledger_hold_sale, ledger_release,
        ledger_record_refund), at the times it would have."""
        if part.paid_at is None:
            return []

        def entry(kind, account, amount, at, memo):
            return LedgerEntry(
                seller_id=part.seller_id,
                kind=kind,
                account=account,
                amount=amount,
                seller_order_id=part.id,
                reference=part.number,
                memo=memo,
                created_at=at,
            )

        sale = part.lines_total + part.shipping_charge
        cut = commission(part.lines_total)
        entries = [entry(Kind.SALE, Account.HELD, sale, part.paid_at, f"Pesanan {part.number} dibayar")]
        if cut > 0:
            entries.append(entry(Kind.COMMISSION, Account.HELD, -cut, part.paid_at, "Komisi program"))
        if part.status == Status.DELIVERED:
            at = part.delivered_at + dt.timedelta(days=2)
            net = sale - cut
            entries.append(entry(Kind.RELEASE, Account.HELD, -net, at, f"Pesanan {part.number} diterima"))
            entries.append(entry(Kind.RELEASE, Account.AVAILABLE, net, at, f"Pesanan {part.number} diterima"))
            self.released[(part.seller_id, (at.year, at.month))] += net
        elif part.status == Status.REFUNDED:
            at = part.paid_at + dt.timedelta(days=2)
            entries.append(entry(Kind.REFUND, Account.HELD, -sale, at, f"Pengembalian dana {part.number}"))
            if cut > 0:
                entries.append(entry(Kind.COMMISSION_REVERSAL, Account.HELD, cut, at, "Komisi dikembalikan"))
        return entries

    def _payouts(self) -> None:
        """Each month's transfer: 90 % of what the producer's parts released that month,
        paid on the 5th of the next (never more than is available then)."""
        entries = []
        for (seller_id, (year, month)), released in sorted(self.released.items()):
            paid_on = dt.datetime(year + month // 12, month % 12 + 1, 5, 10, tzinfo=dt.UTC)
            amount = (released * Decimal("0.9")).quantize(Decimal("1"))
            if paid_on >= self.now or amount <= 0:
                continue
            entries.append(
                LedgerEntry(
                    seller_id=seller_id,
                    kind=Kind.PAYOUT,
                    account=Account.AVAILABLE,
                    amount=-amount,
                    reference=f"TRF-{seller_id}-{year}{month:02d}",
                    memo="Transfer bulanan",
                    created_at=paid_on,
                )
            )
        first = reserve_ids(LedgerEntry, len(entries))
        for n, entry in enumerate(entries):
            entry.id = first + n
        self.counts["ledger entries"] += copy_rows(LedgerEntry, entries)
        self.counts["payouts"] = len(entries)
