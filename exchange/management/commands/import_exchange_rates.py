from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from exchange.services import RateFileError, exchange_rates_import


class Command(BaseCommand):
    help = (
        "Import Bank Indonesia's reference rates (Kurs Transaksi BI, CSV: Mata Uang, Nilai, Kurs Jual, "
        "Kurs Beli, Tanggal) and print what changed. A file with a bad row changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("csv_file", type=Path)
        parser.add_argument("--source", default="Kurs Transaksi BI", help="Shown with the rate to staff.")

    def handle(self, *args, csv_file: Path, source: str, **options):
        try:
            text = csv_file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {csv_file}: {exc}") from exc
        try:
            changes = exchange_rates_import(text=text, source=source)
        except RateFileError as exc:
            raise CommandError(
                "Nothing imported; fix these rows and run again:\n  " + "\n  ".join(exc.problems)
            ) from exc
        for change in changes:
            old = "(new)" if change.old_rate is None else change.old_rate
            self.stdout.write(f"  {change.currency} {change.date}: {old} -> {change.new_rate}")
        if changes:
            self.stdout.write(self.style.SUCCESS(f"{len(changes)} rates changed."))
        else:
            self.stdout.write(self.style.SUCCESS("Rates already up to date: nothing changed."))
