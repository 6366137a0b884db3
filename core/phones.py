"""Indonesian phone numbers as people write them, stored as E.164 (``+6281234567890``).

Buyers and producers type ``0812 3456 7890``, ``62812…``, ``+62 812-3456-7890`` or, after a
prefilled "+62", ``+620812…``; couriers and WhatsApp links need one form, so every phone field
goes through here. Digits from other scripts (Arabic-Indic, full-width) are refused, not
converted (core.digits).
"""

import re

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.digits import FOREIGN_DIGITS_MESSAGE, has_foreign_digits

# Separators people put between digit groups; brackets for area codes, (021) 555-1234.
_WRITTEN = re.compile(r"\+?[0-9 .\-()]+")
_ACCEPTED_TYPES = {
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
}
# Longest thing worth parsing: 15 digits (E.164) plus generous separators.
MAX_WRITTEN_LENGTH = 24

INVALID_MESSAGE = _(
    "Nomor telepon tidak valid. Tulis nomor HP atau telepon Indonesia, "
    "mis. 0812 3456 7890 atau +62 812-3456-7890."
)
FOREIGN_MESSAGE = _("Gunakan nomor Indonesia (+62 atau diawali 0).")


def phone_normalize(written: str) -> str:
    """The E.164 form of an Indonesian mobile or landline number, or ValidationError."""
    text = written.strip()
    if has_foreign_digits(text):
        raise ValidationError(FOREIGN_DIGITS_MESSAGE, code="phone_script")
    if len(text) > MAX_WRITTEN_LENGTH or not _WRITTEN.fullmatch(text):
        raise ValidationError(INVALID_MESSAGE, code="phone_invalid")
    try:
        number = phonenumbers.parse(text, "ID")
    except phonenumbers.NumberParseException as error:
        raise ValidationError(INVALID_MESSAGE, code="phone_invalid") from error
    if number.country_code != 62:
        raise ValidationError(FOREIGN_MESSAGE, code="phone_foreign")
    if not phonenumbers.is_valid_number(number) or phonenumbers.number_type(number) not in _ACCEPTED_TYPES:
        raise ValidationError(INVALID_MESSAGE, code="phone_invalid")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class IndonesianPhoneField(forms.CharField):
    """A text box that takes a number as written and cleans to E.164 before any validator runs
    (the models' ``+62…`` validators then see the stored form)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", MAX_WRITTEN_LENGTH)
        attrs = {"type": "tel", "inputmode": "tel", "autocomplete": "tel", "placeholder": "0812 3456 7890"}
        kwargs.setdefault("widget", forms.TextInput(attrs=attrs))
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return phone_normalize(value) if value else value
