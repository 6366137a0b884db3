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


INTERNATIONAL_INVALID_MESSAGE = _(
    "Nomor telepon tidak valid. Tulis nomor HP Anda dengan kode negaranya, mis. +852 5123 4567 "
    "atau +62 812-3456-7890."
)


def _parse(written: str, *, region: str, invalid_message) -> phonenumbers.PhoneNumber:
    text = written.strip()
    if has_foreign_digits(text):
        raise ValidationError(FOREIGN_DIGITS_MESSAGE, code="phone_script")
    if len(text) > MAX_WRITTEN_LENGTH or not _WRITTEN.fullmatch(text):
        raise ValidationError(invalid_message, code="phone_invalid")
    try:
        return phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as error:
        raise ValidationError(invalid_message, code="phone_invalid") from error


def _e164(number: phonenumbers.PhoneNumber, *, invalid_message) -> str:
    if not phonenumbers.is_valid_number(number) or phonenumbers.number_type(number) not in _ACCEPTED_TYPES:
        raise ValidationError(invalid_message, code="phone_invalid")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_normalize(written: str) -> str:
    """The E.164 form of an Indonesian mobile or landline number, or ValidationError."""
    number = _parse(written, region="ID", invalid_message=INVALID_MESSAGE)
    if number.country_code != 62:
        raise ValidationError(FOREIGN_MESSAGE, code="phone_foreign")
    return _e164(number, invalid_message=INVALID_MESSAGE)


def phone_normalize_international(written: str, *, region: str) -> str:
    """Any country's mobile or landline number in E.164, for a buyer working abroad: written
    without a country code, it is read as a number of `region` (their country of work), so
    "5123 4567" in Hong Kong is +85251234567."""
    number = _parse(written, region=region, invalid_message=INTERNATIONAL_INVALID_MESSAGE)
    return _e164(number, invalid_message=INTERNATIONAL_INVALID_MESSAGE)


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


class InternationalPhoneField(forms.CharField):
    """The buyer's own number, of any country; `region` is where a number written without
    its country code belongs (the buyer's country of work), shown as the example."""

    def __init__(self, *, region: str = "ID", **kwargs):
        self.region = region
        kwargs.setdefault("max_length", MAX_WRITTEN_LENGTH)
        example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
        placeholder = (
            phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
            if example
            else ""
        )
        attrs = {"type": "tel", "inputmode": "tel", "autocomplete": "tel", "placeholder": placeholder}
        kwargs.setdefault("widget", forms.TextInput(attrs=attrs))
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return phone_normalize_international(value, region=self.region) if value else value
