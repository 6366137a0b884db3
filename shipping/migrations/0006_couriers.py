"""The couriers the program ships with and their services; staff edit them in the admin.

Tariffs are not seeded: they come from the couriers' price lists (import_courier_rates).
"""

from django.db import migrations

COURIERS = [
    # code, name, kind, volumetric divisor, rounding tolerance (g), services (code, name)
    ("jne", "JNE", "courier", 6000, 300, [("reg", "REG"), ("yes", "YES")]),
    ("jnt", "J&T Express", "courier", 6000, 300, [("ez", "EZ")]),
    ("sicepat", "SiCepat", "courier", 6000, 300, [("reg", "REG")]),
    ("pos", "POS Indonesia", "courier", 6000, 200, [("kilat-khusus", "Kilat Khusus")]),
    ("anteraja", "AnterAja", "courier", 6000, 300, [("reg", "Reguler")]),
    ("antar-sendiri", "Antar sendiri", "own", 6000, 300, [("lokal", "oleh produsen")]),
]


def seed(apps, schema_editor):
    Courier = apps.get_model("shipping", "Courier")
    CourierService = apps.get_model("shipping", "CourierService")
    for code, name, kind, divisor, tolerance, services in COURIERS:
        courier, _created = Courier.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": kind,
                "volumetric_divisor": divisor,
                "rounding_tolerance_grams": tolerance,
            },
        )
        for service_code, service_name in services:
            CourierService.objects.get_or_create(courier=courier, code=service_code, defaults={"name": service_name})


class Migration(migrations.Migration):
    dependencies = [("shipping", "0005_courier_courierservice_courierrate_and_more")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
