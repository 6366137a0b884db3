"""The entries' title lexemes as a vector with its own GIN index: the best tier (every word in
the title) read exactly, where the own vector's index returns every entry with the word in
its title or categories, to be rechecked one by one. And the popular order's full index in
place of num_sold's alone, so that the most sold entries of a tier are walked to, not sorted.

Filled from the own vector's A lexemes (ts_filter), so an existing index needs no rebuild;
PostgreSQL only (SQLite matches the stems columns).
"""

import django.contrib.postgres.search
from django.db import migrations, models

from search.migrations._postgres import on_postgres

POSTGRES_FORWARD = [
    "UPDATE search_productsearchentry SET title_vector = ts_filter(own_vector, '{a}') "
    "WHERE own_vector IS NOT NULL",
    "CREATE INDEX IF NOT EXISTS search_entry_title_vector_gin ON search_productsearchentry "
    "USING gin (title_vector)",
]
POSTGRES_BACKWARD = ["DROP INDEX IF EXISTS search_entry_title_vector_gin"]


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0008_entry_sample"),
    ]

    operations = [
        migrations.AddField(
            model_name="productsearchentry",
            name="title_vector",
            field=django.contrib.postgres.search.SearchVectorField(null=True),
        ),
        migrations.RunPython(on_postgres(*POSTGRES_FORWARD), on_postgres(*POSTGRES_BACKWARD), elidable=False),
        migrations.AlterField(
            model_name="productsearchentry",
            name="num_sold",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddIndex(
            model_name="productsearchentry",
            index=models.Index(fields=["-num_sold", "-date_created", "-product_id"], name="search_entry_popular"),
        ),
    ]
