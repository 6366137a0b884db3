"""Load a courier tariff CSV into the table checkout prices parcels from.

All or nothing: a file with a bad row writes no row and lists every bad row by line.
The CSV format is described in the README ("Shipping").
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from shipping.services import courier_rates_import


class Command(BaseCommand):
    help = "Impor tabel tarif kurir dari berkas CSV (kabupaten asal → kabupaten/provinsi tujuan)."

    def add_arguments(self, parser):
        parser.add_argument("csv_file", help="Berkas CSV, UTF-8, dengan baris judul kolom.")

    def handle(self, *args, csv_file, **options):
        def progress(done: int, total: int) -> None:
            self.stdout.write(_("%(done)s dari %(total)s baris tersimpan") % {"done": done, "total": total})

        try:
            with open(csv_file, encoding="utf-8-sig", newline="") as lines:
                result = courier_rates_import(lines=lines, progress=progress)
        except OSError as error:
            raise CommandError(str(error)) from error
        if result.errors:
            for error in result.errors:
                self.stderr.write(error)
            raise CommandError(
                _("%(count)s kesalahan; tidak ada tarif yang disimpan.") % {"count": len(result.errors)}
            )
        self.stdout.write(
            self.style.SUCCESS(
                _("Selesai: %(created)s tarif baru, %(updated)s diperbarui.")
                % {"created": result.created, "updated": result.updated}
            )
        )
