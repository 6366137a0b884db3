"""Numbers typed as text (postcodes, phone, WhatsApp and bank account numbers, amounts): the
digits 0-9 only.

Python's ``\\d`` and ``str.isdigit()`` also match Arabic-Indic (٤٥٢١٣), full-width (４５２１３)
and every other script's digits. They are refused with one message, never converted: the
person would not recognise the stored number as the one they typed, and couriers, banks and
WhatsApp links need plain digits.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

FOREIGN_DIGITS_MESSAGE = _("Tulis nomor dengan angka biasa 0-9.")


def has_foreign_digits(text: str) -> bool:
    """Whether text holds a digit other than 0-9."""
    return any(char.isdigit() and not char.isascii() for char in text)


def is_plain_number(text: str) -> bool:
    """Whether text is one or more of the digits 0-9 and nothing else (``str.isdigit()``
    alone also takes other scripts' digits, which ``int()`` and ``Decimal()`` would read)."""
    return text.isascii() and text.isdigit()


def plain_digits_validator(value: str) -> None:
    """A form field validator refusing digits from other scripts with a message of their own."""
    if has_foreign_digits(value or ""):
        raise ValidationError(FOREIGN_DIGITS_MESSAGE, code="digits_script")
