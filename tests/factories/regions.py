import factory

from regions.models import District, Province, Regency, Village


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Province
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{90 - n % 80:02d}")
    name = factory.Sequence(lambda n: f"Provinsi {n}")
    slug = factory.LazyAttribute(lambda o: f"provinsi-{o.code}")


class RegencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Regency
        django_get_or_create = ("code",)

    province = factory.SubFactory(ProvinceFactory)
    code = factory.Sequence(lambda n: f"{n % 10000:04d}")
    name = factory.Sequence(lambda n: f"Kabupaten {n}")
    slug = factory.LazyAttribute(lambda o: f"kabupaten-{o.code}")


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("code",)

    regency = factory.SubFactory(RegencyFactory)
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.regency.code}{n % 1000:03d}")
    name = factory.Sequence(lambda n: f"Kecamatan {n}")


class VillageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Village
        django_get_or_create = ("code",)

    district = factory.SubFactory(DistrictFactory)
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.district.code}{n % 1000:03d}")
    name = factory.Sequence(lambda n: f"Sukamaju {n}")
    is_desmigratif = True
    joined_year = 2017
    description = "Desa Desmigratif untuk pengujian."
