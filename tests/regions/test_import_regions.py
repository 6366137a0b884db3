import pytest
from django.core.management import CommandError, call_command

from regions.models import District, Province, Regency, Village

pytestmark = pytest.mark.django_db


def test_full_import_loads_the_official_regions_with_their_codes(capsys):
    call_command("import_regions")
    assert Province.objects.count() == 34
    assert Regency.objects.count() == 514
    assert District.objects.count() == 7071
    assert Village.objects.count() == 81937
    kenanga = Village.objects.with_hierarchy().get(code="3212160010")
    assert str(kenanga.district) == "Kec. Sindang"
    assert str(kenanga.regency) == "Kabupaten Indramayu"
    assert Regency.objects.get(code="3273").kind == Regency.Kind.KOTA  # Kota Bandung
    assert "81937/81937" in capsys.readouterr().out


def test_reimport_keeps_desmigratif_fields(capsys):
    call_command("import_regions", only=["3212160010"])
    Village.objects.filter(code="3212160010").update(is_desmigratif=True, is_pilot=True, joined_year=2016)
    call_command("import_regions", only=["3212160010"])
    kenanga = Village.objects.get(code="3212160010")
    assert (kenanga.is_desmigratif, kenanga.is_pilot, kenanga.joined_year) == (True, True, 2016)


def test_unknown_village_code_is_refused_with_a_clear_message():
    with pytest.raises(CommandError, match="9999999999"):
        call_command("import_regions", only=["9999999999"])
    assert not Village.objects.exists()
