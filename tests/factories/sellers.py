import factory
from django.contrib.auth import get_user_model
from oscar.test.factories import PartnerFactory

from sellers.models import Cooperative, SellerProfile
from tests.factories.regions import VillageFactory


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"pengguna{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@contoh.id")
    password = factory.django.Password("rahasia-uji-123")


class CooperativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cooperative

    name = factory.Sequence(lambda n: f"Koperasi Desmigratif {n}")
    slug = factory.Sequence(lambda n: f"koperasi-{n}")
    village = factory.SubFactory(VillageFactory)


class SellerProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SellerProfile

    name = factory.Sequence(lambda n: f"Usaha Keluarga {n}")
    slug = factory.Sequence(lambda n: f"usaha-keluarga-{n}")
    partner = factory.SubFactory(PartnerFactory, name=factory.SelfAttribute("..name"))
    user = factory.SubFactory(UserFactory)
    village = factory.SubFactory(VillageFactory)
    whatsapp = "+6281234567890"
    status = SellerProfile.Status.APPROVED
    story = "Cerita usaha untuk pengujian."
