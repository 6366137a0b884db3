from django.db.models import Count, Q, QuerySet

from regions.models import Province, Village


def desmigratif_villages() -> QuerySet:
    """Program villages with their place and how many approved producers they have."""
    return (
        Village.objects.desmigratif()
        .with_hierarchy()
        .select_related("photo")
        .annotate(num_sellers=Count("sellers", filter=Q(sellers__status="approved"), distinct=True))
        .order_by("-is_pilot", "district__regency__province__name", "name")
    )


def provinces_with_desmigratif_villages() -> QuerySet:
    return (
        Province.objects.filter(regencies__districts__villages__is_desmigratif=True)
        .annotate(
            num_villages=Count(
                "regencies__districts__villages",
                filter=Q(regencies__districts__villages__is_desmigratif=True),
                distinct=True,
            )
        )
        .order_by("name")
    )
