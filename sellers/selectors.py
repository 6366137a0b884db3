from django.db.models import Count, Q, QuerySet

from sellers.models import AuditLogEntry, SellerProfile


def sellers_public() -> QuerySet:
    return (
        SellerProfile.objects.approved()
        .select_related("village__district__regency__province", "cooperative")
        .order_by("name")
    )


def sellers_approved_in(*, village) -> QuerySet:
    return SellerProfile.objects.approved().filter(village=village)


def seller_status_counts() -> dict[str, int]:
    counts = dict(SellerProfile.objects.order_by().values_list("status").annotate(n=Count("pk")))
    return {status: counts.get(status, 0) for status in SellerProfile.Status.values}


def seller_for_staff(*, pk: int) -> SellerProfile:
    return SellerProfile.objects.select_related(
        "village__district__regency__province", "cooperative", "user", "partner"
    ).get(pk=pk)


def seller_audit_entries(*, seller: SellerProfile, limit: int = 50) -> QuerySet:
    return (
        AuditLogEntry.objects.filter(seller=seller)
        .select_related("actor", "seller")
        .order_by("-created_at", "-id")[:limit]
    )


def sellers_actable_by(*, user) -> QuerySet:
    """The producers a user may act for: itself, and the members of cooperatives it operates."""
    if not user.is_authenticated:
        return SellerProfile.objects.none()
    return (
        SellerProfile.objects.filter(Q(user=user) | Q(cooperative__operators=user))
        .select_related("partner", "village__district__regency__province", "cooperative")
        .distinct()
        .order_by("name")
    )
