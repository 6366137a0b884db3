from collections import defaultdict

from django.db import migrations, models


def copy_category_links(apps, schema_editor):
    """Fill the new column from the links the index already has, so that no rebuild is needed."""
    ProductSearchEntry = apps.get_model("search", "ProductSearchEntry")
    ProductSearchCategory = apps.get_model("search", "ProductSearchCategory")
    by_entry = defaultdict(list)
    for entry_id, category_id in ProductSearchCategory.objects.order_by("pk").values_list("entry_id", "category_id"):
        by_entry[entry_id].append(category_id)
    changed = []
    for entry in ProductSearchEntry.objects.only("pk").iterator(chunk_size=2000):
        entry.category_list = category_list(by_entry.get(entry.pk, []))
        changed.append(entry)
    ProductSearchEntry.objects.bulk_update(changed, ["category_list"], batch_size=1000)


def category_list(ids) -> str:
    # As search.backends.database writes it; copied, since a migration must not change with the code.
    return f" {' '.join(str(category_id) for category_id in ids)} " if ids else ""


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_facet_covering_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="productsearchentry",
            name="category_list",
            field=models.TextField(blank=True),
        ),
        migrations.RunPython(copy_category_links, migrations.RunPython.noop),
    ]
