"""Export or erase one person's data on their request.

manage.py personal_data --email ani@example.id --export ani.json
manage.py personal_data --email ani@example.id --delete
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder

from privacy.services import personal_data_erase, personal_data_export


class Command(BaseCommand):
    help = "Export (--export FILE) or erase (--delete) everything held about one person, by e-mail address."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True, help="the person's e-mail address")
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument(
            "--export", metavar="FILE", help="write their data as JSON to FILE ('-' for stdout)"
        )
        action.add_argument(
            "--delete",
            action="store_true",
            help="erase their data; orders and ledger keep amounts, personal details are blanked",
        )

    def handle(self, *args, email, export, delete, **options):
        if export:
            data = personal_data_export(email=email)
            if not data["accounts"] and not data["orders"]:
                raise CommandError(f"No account or order uses {email}.")
            text = json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
            if export == "-":
                self.stdout.write(text)
            else:
                Path(export).write_text(text + "\n", encoding="utf-8")
                self.stdout.write(
                    f"Wrote {len(data['accounts'])} account(s) and {len(data['orders'])} order(s) to {export}"
                )
            return
        report = personal_data_erase(email=email)
        if not report.counts:
            raise CommandError(f"No account or order uses {email}.")
        self.stdout.write(f"Erased the personal data of {email}:")
        for line in report.lines():
            self.stdout.write(f"  {line}")
