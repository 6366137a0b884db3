"""A producer's WhatsApp number as they write it, 0812… or +62 812-…, stored in E.164;
digits from other scripts are refused rather than converted (issue #14)."""

import pytest
from django.urls import reverse

from sellers.models import SellerProfile
from tests.factories import VillageFactory

pytestmark = pytest.mark.django_db


def _application(village, whatsapp):
    return {
        "full_name": "Ani",
        "email": "ani@contoh.id",
        "password": "Kerupuk-Enak-2026",
        "name": "Usaha Ani",
        "enterprise_kind": "family",
        "whatsapp": whatsapp,
        "province": village.district.regency.province_id,
        "regency": village.district.regency_id,
        "district": village.district_id,
        "village": village.pk,
    }


@pytest.mark.parametrize("whatsapp", ["081234567890", "+62 812-3456-7890", "0812.3456.7890"])
def test_application_takes_the_whatsapp_number_as_written(client, whatsapp):
    response = client.post(reverse("sellers:apply"), _application(VillageFactory(), whatsapp))

    assert response.status_code == 302
    assert SellerProfile.objects.get(name="Usaha Ani").whatsapp == "+6281234567890"


@pytest.mark.parametrize(
    ("whatsapp", "message"),
    [
        ("+1555123456", "nomor Indonesia"),
        ("+62abc", "tidak valid"),
        ("+620812345", "tidak valid"),
        ("٠٨١٢٣٤٥٦٧٨٩٠", "angka biasa"),
        ("０８１２３４５６７８９０", "angka biasa"),
    ],
)
def test_application_refuses_a_number_that_is_not_indonesian(client, whatsapp, message):
    response = client.post(reverse("sellers:apply"), _application(VillageFactory(), whatsapp))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SellerProfile.objects.exists()


def test_profile_takes_the_whatsapp_number_as_written(client, seller):
    client.force_login(seller.user)

    response = client.post(
        reverse("sellers:portal-profile"), {"name": seller.name, "whatsapp": "0813 1000 0002"}
    )

    assert response.status_code == 302
    seller.refresh_from_db()
    assert seller.whatsapp == "+6281310000002"
