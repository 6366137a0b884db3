from django.db import migrations

from search.migrations._postgres import on_postgres

# As search.backends.database filters by category; PostgreSQL only (SQLite joins the links).
CREATE = (
    "CREATE INDEX IF NOT EXISTS search_entry_categories_gin ON search_productsearchentry "
    "USING gin ((string_to_array(btrim(category_list), ' ')))"
)
DROP = "DROP INDEX IF EXISTS search_entry_categories_gin"


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0004_facet_count_changes"),
    ]

    operations = [
        migrations.RunPython(on_postgres(CREATE), on_postgres(DROP), elidable=False),
    ]
