from django.db.models import QuerySet

from sellers.models import SellerProfile


def sellers_public() -> QuerySet:
    return (
        SellerProfile.objects.approved()
        .select_related("village__district__regency__province", "cooperative")
        .order_by("name")
    )
