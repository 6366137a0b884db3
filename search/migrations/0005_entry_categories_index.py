from django.db import migrations

# As search.backends.database filters by category; PostgreSQL only (SQLite joins the links).
CREATE = (
    "CREATE INDEX IF NOT EXISTS search_entry_categories_gin ON search_productsearchentry "
    "USING gin ((string_to_array(btrim(category_list), ' ')))"
)
DROP = "DROP INDEX IF EXISTS search_entry_categories_gin"


def _on_postgres(statement):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0004_facet_count_changes"),
    ]

    operations = [
        migrations.RunPython(_on_postgres(CREATE), _on_postgres(DROP), elidable=False),
    ]
