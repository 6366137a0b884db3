"""Indonesia's administrative hierarchy, keyed by the government (Kemendagri) codes.

Province (2 digits) -> Regency, i.e. kabupaten/kota (4) -> District, i.e. kecamatan (7)
-> Village, i.e. desa/kelurahan (10). Codes are the primary keys so that re-importing the
official data is an upsert and links from other tables never change.
"""

from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _


def _code_validator(length: int) -> RegexValidator:
    return RegexValidator(rf"^\d{{{length}}}$", _("Kode wilayah harus %(n)s digit.") % {"n": length})


class Province(models.Model):
    code = models.CharField(_("kode"), max_length=2, primary_key=True, validators=[_code_validator(2)])
    name = models.CharField(_("nama"), max_length=100)
    slug = models.SlugField(max_length=120, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("provinsi")
        verbose_name_plural = _("provinsi")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("regions:province", kwargs={"slug": self.slug})


class Regency(models.Model):
    class Kind(models.TextChoices):
        KABUPATEN = "kabupaten", _("Kabupaten")
        KOTA = "kota", _("Kota")

    code = models.CharField(_("kode"), max_length=4, primary_key=True, validators=[_code_validator(4)])
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="regencies")
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices, default=Kind.KABUPATEN)
    name = models.CharField(_("nama"), max_length=100, help_text=_("Tanpa awalan, mis. 'Indramayu'."))
    slug = models.SlugField(max_length=140, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("kabupaten/kota")
        verbose_name_plural = _("kabupaten/kota")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["kabupaten", "kota"]), name="regency_kind_valid"
            )
        ]

    def __str__(self) -> str:
        # A place's name, not a label: "Desa Kenanga", "Kabupaten Indramayu" in English too.
        return f"{self.kind.capitalize()} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("regions:province", kwargs={"slug": self.province.slug}) + f"#kab-{self.code}"


class District(models.Model):
    code = models.CharField(_("kode"), max_length=7, primary_key=True, validators=[_code_validator(7)])
    regency = models.ForeignKey(Regency, on_delete=models.PROTECT, related_name="districts")
    name = models.CharField(_("nama"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("kecamatan")
        verbose_name_plural = _("kecamatan")

    def __str__(self) -> str:
        return f"Kec. {self.name}"


class VillageQuerySet(models.QuerySet):
    def desmigratif(self) -> "VillageQuerySet":
        return self.filter(is_desmigratif=True)

    def with_hierarchy(self) -> "VillageQuerySet":
        return self.select_related("district__regency__province")


class Village(models.Model):
    """A desa or kelurahan; the Desmigratif fields are filled only for program villages."""

    class Kind(models.TextChoices):
        DESA = "desa", _("Desa")
        KELURAHAN = "kelurahan", _("Kelurahan")

    code = models.CharField(_("kode"), max_length=10, primary_key=True, validators=[_code_validator(10)])
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="villages")
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices, default=Kind.DESA)
    name = models.CharField(_("nama"), max_length=100)

    is_desmigratif = models.BooleanField(_("desa Desmigratif"), default=False, db_index=True)
    is_pilot = models.BooleanField(_("desa percontohan"), default=False)
    joined_year = models.PositiveSmallIntegerField(_("tahun bergabung"), null=True, blank=True)
    description = models.TextField(_("deskripsi singkat"), blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("foto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = VillageQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("desa")
        verbose_name_plural = _("desa")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_pilot=False) | models.Q(is_desmigratif=True),
                name="village_pilot_is_desmigratif",
            ),
            models.CheckConstraint(
                condition=models.Q(joined_year__isnull=True) | models.Q(joined_year__gte=2016),
                name="village_joined_since_program_start",
            ),
        ]

    def __str__(self) -> str:
        # A place's name, not a label: "Desa Kenanga", "Kabupaten Indramayu" in English too.
        return f"{self.kind.capitalize()} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("regions:village", kwargs={"code": self.code, "slug": slugify(self.name)})

    @property
    def slug(self) -> str:
        return f"{slugify(self.name)}-{self.code}"

    @property
    def regency(self) -> Regency:
        return self.district.regency

    @property
    def province(self) -> Province:
        return self.district.regency.province
