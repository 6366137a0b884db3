"""The entries' own text (title A, own categories B) as a vector with its own GIN index.

Filled from the whole vector's A and B lexemes (ts_filter), so an existing index needs no
rebuild; PostgreSQL only (SQLite matches the stems columns).
"""

import django.contrib.postgres.search
from django.db import migrations

from search.migrations._postgres import on_postgres

POSTGRES_FORWARD = [
    "UPDATE search_productsearchentry SET own_vector = ts_filter(search_vector, '{a,b}') "
    "WHERE search_vector IS NOT NULL",
    "CREATE INDEX IF NOT EXISTS search_entry_own_vector_gin ON search_productsearchentry USING gin (own_vector)",
]
POSTGRES_BACKWARD = ["DROP INDEX IF EXISTS search_entry_own_vector_gin"]


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0006_entry_category_stems"),
    ]

    operations = [
        migrations.AddField(
            model_name="productsearchentry",
            name="own_vector",
            field=django.contrib.postgres.search.SearchVectorField(null=True),
        ),
        migrations.RunPython(on_postgres(*POSTGRES_FORWARD), on_postgres(*POSTGRES_BACKWARD), elidable=False),
    ]
