"""The staff's producer list: one read across sellers, stock and ledger for that one page.

It lives here, not in a domain app, because it joins three of them that must not know each
other (sellers sits below both ledger and partner). Each count and sum is a subquery, so the
page's query count stays flat however many producers it shows.
"""

from decimal import Decimal

from django.db.models import Case, Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from oscar.core.loading import get_model

from ledger.models import LedgerEntry
from ledger.selectors import MONEY
from sellers.models import SellerProfile

StockRecord = get_model("partner", "StockRecord")


def _balance_subquery() -> Subquery:
    # A subquery, not a join: joining entries and stock records together would multiply both sums.
    return Subquery(
        LedgerEntry.objects.filter(seller=OuterRef("pk"))
        .order_by()
        .values("seller")
        .annotate(total=Sum("amount"))
        .values("total")[:1],
        output_field=MONEY,
    )


def _product_count_subquery() -> Subquery:
    return Subquery(
        StockRecord.objects.filter(partner=OuterRef("partner"))
        .order_by()
        .values("partner")
        .annotate(n=Count("product", distinct=True))
        .values("n")[:1],
        output_field=IntegerField(),
    )


def seller_list_for_staff(*, status: str = "", province=None, query: str = "") -> QuerySet:
    """All producers, applications waiting for a decision first, with product count and balance."""
    sellers = (
        SellerProfile.objects.select_related("village__district__regency__province", "cooperative", "user")
        .annotate(
            product_count=Coalesce(_product_count_subquery(), Value(0)),
            balance=Coalesce(_balance_subquery(), Value(Decimal("0")), output_field=MONEY),
            status_order=Case(
                When(status=SellerProfile.Status.APPLIED, then=Value(0)),
                When(status=SellerProfile.Status.SUSPENDED, then=Value(1)),
                When(status=SellerProfile.Status.APPROVED, then=Value(2)),
                default=Value(3),
                output_field=IntegerField(),
            ),
        )
        .order_by("status_order", "-created_at", "name")
    )
    if status:
        sellers = sellers.filter(status=status)
    if province is not None:
        sellers = sellers.filter(village__district__regency__province=province)
    for term in query.split()[:8]:
        sellers = sellers.filter(Q(name__icontains=term) | Q(village__name__icontains=term))
    return sellers
