"""Each seller order's units (its producer's lines' quantities added up), filled for the
orders placed before, and an index of the parts by time that covers what the impact report
adds up: the report reads units and rupiah off the seller orders."""

from django.db import migrations, models

# The same statement on PostgreSQL and SQLite: each part's lines are its order's lines of
# its producer's Oscar partner.
FILL_UNITS = """
UPDATE fulfilment_sellerorder SET units = COALESCE((
    SELECT SUM(line.quantity) FROM order_line line
    JOIN sellers_sellerprofile seller ON seller.partner_id = line.partner_id
    WHERE line.order_id = fulfilment_sellerorder.order_id AND seller.id = fulfilment_sellerorder.seller_id
), 0)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("fulfilment", "0006_merge_20261202_1219"),
        ("order", "0001_initial"),
        ("sellers", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="sellerorder",
            name="units",
            field=models.PositiveIntegerField(default=0, verbose_name="jumlah barang"),
        ),
        migrations.RunSQL(FILL_UNITS, migrations.RunSQL.noop, elidable=False),
        migrations.AddIndex(
            model_name="sellerorder",
            index=models.Index(
                fields=["created_at"],
                include=("status", "seller", "units", "lines_total"),
                name="seller_order_by_time",
            ),
        ),
    ]
