"""When each side of a complaint must have acted, counted the way the rules say.

The producer's time is in working days: Monday to Friday in WIB (Asia/Jakarta), so a complaint
opened on Friday afternoon is due on Tuesday afternoon, not on Sunday. Indonesian public
holidays are not modelled (the issue allows it): a producer who needs them asks staff.
"""

from datetime import datetime, timedelta

from django.conf import settings

from core.times import JAKARTA

SATURDAY = 5


def add_working_days(start: datetime, days: int) -> datetime:
    """The same time of day ``days`` working days later; a weekend start counts from Monday."""
    moment = start.astimezone(JAKARTA)
    counted = 0
    while counted < days:
        moment += timedelta(days=1)
        if moment.weekday() < SATURDAY:
            counted += 1
    return moment


def producer_deadline(opened: datetime) -> datetime:
    return add_working_days(opened, settings.COMPLAINT_PRODUCER_WORKING_DAYS)


def buyer_deadline(answered: datetime) -> datetime:
    return answered + timedelta(hours=settings.COMPLAINT_BUYER_RESPONSE_HOURS)


def complaint_window_end(delivered: datetime) -> datetime:
    return delivered + timedelta(hours=settings.COMPLAINT_WINDOW_HOURS)


def replacement_deadline(start: datetime) -> datetime:
    """Accepted missing items or exchange: the producer ships the replacement by then; once
    shipped, it counts as arrived by the same span later (calendar days, as escrow's)."""
    return start + timedelta(days=settings.COMPLAINT_REPLACEMENT_DAYS)
