from decimal import Decimal

from django.db import migrations, models
from django.db.models import Count, Q

# As search.queries names them and search.backends.database counts them; copied, since a
# migration must not change with the code.
PRICE_RANGES = (
    ("0-25000", None, Decimal(25_000)),
    ("25000-50000", Decimal(25_000), Decimal(50_000)),
    ("50000-100000", Decimal(50_000), Decimal(100_000)),
    ("100000-250000", Decimal(100_000), Decimal(250_000)),
    ("250000-", Decimal(250_000), None),
)


def count_index(apps, schema_editor):
    """The counts of the entries the index already has, so that no rebuild is needed."""
    ProductSearchEntry = apps.get_model("search", "ProductSearchEntry")
    ProductSearchCategory = apps.get_model("search", "ProductSearchCategory")
    FacetCountChange = apps.get_model("search", "FacetCountChange")
    entries = ProductSearchEntry.objects.order_by()
    price_counts = {}
    for key, low, high in PRICE_RANGES:
        condition = Q(price__isnull=False)
        if low is not None:
            condition &= Q(price__gte=low)
        if high is not None:
            condition &= Q(price__lt=high)
        price_counts[key] = Count("pk", filter=condition)
    summary = entries.aggregate(
        total=Count("pk"),
        halal=Count("pk", filter=Q(is_halal=True)),
        pirt=Count("pk", filter=Q(has_pirt=True)),
        in_stock=Count("pk", filter=Q(in_stock=True)),
        **{f"price:{key}": count for key, count in price_counts.items()},
    )
    rows = [("_total", "", summary["total"])]
    rows += [(flag, "", summary[flag]) for flag in ("halal", "pirt", "in_stock")]
    rows += [("price", key, summary[f"price:{key}"]) for key, _low, _high in PRICE_RANGES]
    for facet, column, queryset in (
        ("province", "province_id", entries),
        ("producer", "seller_id", entries),
        ("category", "category_id", ProductSearchCategory.objects.order_by()),
    ):
        rows += [(facet, str(value), n) for value, n in queryset.values_list(column).annotate(n=Count("*"))]
    FacetCountChange.objects.bulk_create(
        [FacetCountChange(facet=facet, value=value, change=n) for facet, value, n in rows if n],
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_entry_category_list"),
    ]

    operations = [
        migrations.CreateModel(
            name="FacetCountChange",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("facet", models.CharField(max_length=16)),
                ("value", models.CharField(blank=True, max_length=32)),
                ("change", models.IntegerField()),
            ],
        ),
        migrations.RunPython(count_index, migrations.RunPython.noop),
    ]
