"""Bank account numbers as people type them: banks print them in groups (0123-45-678901-50-1),
so spaces, dots and dashes are accepted and only the digits are stored."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from core.digits import is_plain_number

ACCOUNT_SEPARATORS = re.compile(r"[ .\-]")


def bank_account_digits(typed: str) -> str:
    """The digits of a typed account number; refuses anything but digits and separators."""
    number = ACCOUNT_SEPARATORS.sub("", typed or "")
    if number and not is_plain_number(number):
        raise forms.ValidationError(
            _("Nomor rekening hanya angka 0-9, boleh dipisah spasi, titik atau tanda hubung.")
        )
    return number
