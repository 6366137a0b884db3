"""Times in exports, in Western Indonesia Time (WIB, Asia/Jakarta).

A CSV cell carries no time zone, so the column header names it and the value is converted to
Jakarta explicitly rather than to whatever zone happens to be active: a spreadsheet showing
18:18 for a sale at 01:18 WIB sends a producer looking for the wrong day's transfer.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils.translation import gettext_lazy as _

JAKARTA = ZoneInfo("Asia/Jakarta")
CSV_TIME_HEADER = _("Waktu (WIB)")


def wib_format(moment: datetime) -> str:
    """'2026-03-02 01:18' for 2026-03-01 18:18 UTC."""
    return moment.astimezone(JAKARTA).strftime("%Y-%m-%d %H:%M")
