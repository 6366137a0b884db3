"""Phone numbers as Indonesians write them are accepted and stored as E.164 (issue #14)."""

import pytest
from django import forms

from address.forms import IndonesianAddressForm
from core.phones import IndonesianPhoneField, phone_normalize
from portal.forms import SellerApplicationForm

ACCEPTED = [
    ("081234567890", "+6281234567890"),
    ("0812 3456 7890", "+6281234567890"),
    ("0812-3456-7890", "+6281234567890"),
    ("0812.3456.7890", "+6281234567890"),
    ("6281234567890", "+6281234567890"),
    ("+6281234567890", "+6281234567890"),
    ("+62 812-3456-7890", "+6281234567890"),
    # Typed 0812… after a prefilled "+62": the buyer meant their own number.
    ("+62 0812 3456 7890", "+6281234567890"),
    ("(021) 555-1234", "+62215551234"),  # a Jakarta landline
]
REFUSED = [
    ("+620812345", "tidak valid"),  # too short to be any Indonesian number
    ("0812", "tidak valid"),
    ("0812345678901234", "tidak valid"),
    ("+62abc", "tidak valid"),
    ("+1 202 555 0143", "nomor Indonesia"),
    ("٠٨١٢٣٤٥٦٧٨٩٠", "angka biasa"),  # Arabic-Indic digits
    ("０８１２３４５６７８９０", "angka biasa"),  # full-width digits
    ("0812３４５６７８９0", "angka biasa"),  # a mix is refused, not converted
]


@pytest.mark.parametrize(("written", "stored"), ACCEPTED)
def test_written_numbers_are_stored_as_e164(written, stored):
    assert phone_normalize(written) == stored


@pytest.mark.parametrize(("written", "message"), REFUSED)
def test_numbers_that_are_not_indonesian_are_refused_in_indonesian(written, message):
    field = IndonesianPhoneField()
    with pytest.raises(forms.ValidationError) as error:
        field.clean(written)
    assert message in " ".join(error.value.messages)


def test_the_phone_box_is_not_prefilled_with_62():
    # A prefilled "+62" is how buyers came to type "+620812…".
    for form in (IndonesianAddressForm(), SellerApplicationForm()):
        field = next(name for name in ("phone_number", "whatsapp") if name in form.fields)
        assert not form[field].value()
        assert form[field].field.widget.input_type == "tel"
