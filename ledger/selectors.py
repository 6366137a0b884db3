"""Reads of producers' ledgers: balances, earnings and payouts."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from ledger.models import LedgerEntry, ProgramCost
from sellers.models import SellerProfile

MONEY = DecimalField(max_digits=14, decimal_places=2)


def seller_earnings(*, seller: SellerProfile, newest_first: bool = True) -> QuerySet:
    """The producer's entries with the order each concerns, for its earnings page and CSV."""
    ordering = ("-created_at", "-id") if newest_first else ("created_at", "id")
    return LedgerEntry.objects.filter(seller=seller).select_related("seller_order").order_by(*ordering)


def seller_totals_by_kind(*, seller: SellerProfile) -> dict[str, Decimal]:
    entries = LedgerEntry.objects.filter(seller=seller)
    return {
        row["kind"]: row["total"] for row in entries.values("kind").annotate(total=Sum("amount")).order_by()
    }


def seller_ledger_entries(*, seller: SellerProfile, limit: int = 50) -> QuerySet:
    return (
        LedgerEntry.objects.filter(seller=seller)
        .select_related("created_by", "seller_order")
        .order_by("-created_at", "-id")[:limit]
    )


def payout_list(
    *,
    seller: SellerProfile | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet:
    payouts = LedgerEntry.objects.filter(kind=LedgerEntry.Kind.PAYOUT).select_related(
        "seller__village__district__regency", "created_by"
    )
    if seller is not None:
        payouts = payouts.filter(seller=seller)
    if date_from is not None:
        payouts = payouts.filter(created_at__date__gte=date_from)
    if date_to is not None:
        payouts = payouts.filter(created_at__date__lte=date_to)
    return payouts.annotate(paid_amount=ExpressionWrapper(-F("amount"), output_field=MONEY)).order_by(
        "-created_at", "-id"
    )


def program_costs(
    *, seller_order_ids: list[int] | None = None, seller: SellerProfile | None = None
) -> QuerySet:
    """What the program paid itself for parts (return shipping it bore), newest first."""
    costs = ProgramCost.objects.select_related("seller_order", "created_by").order_by("-created_at", "-id")
    if seller_order_ids is not None:
        costs = costs.filter(seller_order_id__in=seller_order_ids)
    if seller is not None:
        costs = costs.filter(seller=seller)
    return costs


@dataclass(frozen=True)
class SellerBalances:
    """Escrow's three figures for a producer: held for parts not yet received, available to pay
    out, and paid out so far."""

    held: Decimal
    available: Decimal
    paid_out: Decimal


def seller_balances(*, seller: SellerProfile) -> SellerBalances:
    zero = Value(Decimal("0"), output_field=MONEY)
    totals = LedgerEntry.objects.filter(seller=seller).aggregate(
        held=Coalesce(Sum("amount", filter=Q(account=LedgerEntry.Account.HELD)), zero),
        available=Coalesce(Sum("amount", filter=Q(account=LedgerEntry.Account.AVAILABLE)), zero),
        paid_out=Coalesce(Sum("amount", filter=Q(kind=LedgerEntry.Kind.PAYOUT)), zero),
    )
    return SellerBalances(held=totals["held"], available=totals["available"], paid_out=-totals["paid_out"])


def seller_order_escrow(*, seller_order_ids: list[int]) -> dict[int, str]:
    """Per producer part: "held", "released" or "none" (unpaid, or refunded while held), in one query."""
    states = dict.fromkeys(seller_order_ids, "none")
    rows = (
        LedgerEntry.objects.filter(seller_order_id__in=seller_order_ids)
        .values("seller_order_id")
        .annotate(
            releases=Count("id", filter=Q(kind=LedgerEntry.Kind.RELEASE)),
            held=Sum("amount", filter=Q(account=LedgerEntry.Account.HELD)),
        )
        .order_by()
    )
    for row in rows:
        if row["releases"]:
            states[row["seller_order_id"]] = "released"
        elif (row["held"] or 0) > 0:
            states[row["seller_order_id"]] = "held"
    return states


@dataclass(frozen=True)
class ProducerCredit:
    seller: SellerProfile  # with its village
    amount: Decimal  # what the ledger credits them for the order: sale less commission, refunds


@dataclass(frozen=True)
class OrderImpact:
    """What one order paid the producers, as their ledgers book it (the impact receipt)."""

    credits: list[ProducerCredit]

    @property
    def total(self) -> Decimal:
        return sum((credit.amount for credit in self.credits), Decimal("0"))

    @property
    def villages(self) -> list:
        villages = {credit.seller.village_id: credit.seller.village for credit in self.credits}
        return sorted(villages.values(), key=lambda village: village.name)


def order_impact(*, order_id: int) -> OrderImpact:
    """Each producer's net ledger credit from one order's parts, in two queries: the sums of
    the entries booked against the order's parts (releases move money between accounts and
    add nothing; payouts belong to no part), read as booked, never recomputed from prices."""
    rows = (
        LedgerEntry.objects.filter(seller_order__order_id=order_id)
        .values("seller_id")
        .annotate(amount=Sum("amount"))
        .order_by()
    )
    amounts = {row["seller_id"]: row["amount"] for row in rows if row["amount"] > 0}
    sellers = SellerProfile.objects.filter(pk__in=amounts).select_related("village").order_by("name")
    return OrderImpact(
        credits=[ProducerCredit(seller=seller, amount=amounts[seller.pk]) for seller in sellers]
    )
