"""A producer's bank account number as the bank prints it, 0123-45-678901-50-1, stored as
digits; letters and digits from other scripts are refused (issue #14)."""

import pytest
from django.urls import reverse

from portal.forms import ProfileForm

pytestmark = pytest.mark.django_db


def _profile(seller, **changes):
    return {
        "name": seller.name,
        "story": seller.story,
        "whatsapp": seller.whatsapp,
        "bank_account_name": "Siti",
        "bank_name": "BRI",
        "bank_account_number": "",
        **changes,
    }


@pytest.mark.parametrize("written", ["0123-45-678901-50-1", "0123 45 678901 50 1", "0123.45.678901.50.1"])
def test_bank_account_with_separators_is_stored_as_digits(client, seller, written):
    client.force_login(seller.user)

    response = client.post(reverse("sellers:portal-profile"), _profile(seller, bank_account_number=written))

    assert response.status_code == 302
    seller.refresh_from_db()
    assert seller.bank_account_number == "012345678901501"


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("0123-45-ABC901", "hanya angka 0-9"),
        ("٠١٢٣٤٥٦٧٨٩", "hanya angka 0-9"),  # Arabic-Indic digits, not converted
        ("０１２３４５６７８９", "hanya angka 0-9"),  # full-width digits
        ("0123-4", "6-20 digit"),
    ],
)
def test_bank_account_with_letters_or_other_digits_is_refused(client, seller, written, message):
    seller.bank_account_number = "9876501234"
    seller.save()
    client.force_login(seller.user)

    response = client.post(reverse("sellers:portal-profile"), _profile(seller, bank_account_number=written))

    assert response.status_code == 400
    assert message in response.content.decode()
    seller.refresh_from_db()
    assert seller.bank_account_number == "9876501234"


def test_profile_form_keeps_the_saved_account_when_left_blank(seller):
    seller.bank_account_number = "9876501234"
    form = ProfileForm(_profile(seller), instance=seller)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["bank_account_number"] == "9876501234"
