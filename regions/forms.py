"""Choosing a place in Indonesia: provinsi → kabupaten/kota → kecamatan → desa/kelurahan.

Chained selects that work without JavaScript: each level's choices come from the level
above it in the submitted data, and a "Pilih" button re-renders the form with the next
level filled in. static/js/regions.js does the same in place when scripts run.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from regions.models import District, Province, Regency, Village

REFRESH_FIELD = "_pilih_wilayah"

# (field, model, filter to the parent level, label, empty choice), top level first.
REGION_LEVELS = [
    ("province", Province, None, _("Provinsi"), _("— pilih provinsi —")),
    ("regency", Regency, "province_id", _("Kabupaten/kota"), _("— pilih kabupaten/kota —")),
    ("district", District, "regency_id", _("Kecamatan"), _("— pilih kecamatan —")),
    ("village", Village, "district_id", _("Desa/kelurahan"), _("— pilih desa/kelurahan —")),
]


class RegionChainMixin:
    """Adds province/regency/district/village fields to a Form; cleaned_data['village']."""

    region_prefix_fields = ("province", "regency", "district", "village")

    def add_region_fields(self, *, initial_village: Village | None = None, required: bool = True) -> None:
        data = self.data if self.is_bound else {}
        initial = {}
        if initial_village is not None:
            initial = {
                "province": initial_village.district.regency.province_id,
                "regency": initial_village.district.regency_id,
                "district": initial_village.district_id,
                "village": initial_village.pk,
            }

        def chosen(name):
            if self.is_bound:
                value = data.get(self.add_prefix(name))
            else:
                value = self.initial.get(name) or initial.get(name)
            return value if value and str(value).isdigit() else None

        # Each level lists the children of the level above it, once that one is chosen.
        parent = None
        for name, model, parent_field, label, empty_label in REGION_LEVELS:
            if parent_field is None:
                queryset = model.objects.all()
            elif parent is not None:
                queryset = model.objects.filter(**{parent_field: parent})
            else:
                queryset = model.objects.none()
            self.fields[name] = forms.ModelChoiceField(
                label=label,
                queryset=queryset.order_by("name"),
                required=required,
                empty_label=empty_label,
                initial=initial.get(name),
                widget=forms.Select(attrs={"class": "form-control", "data-region-level": name}),
            )
            parent = chosen(name)

    def clean_region_chain(self, cleaned_data: dict) -> None:
        """Reject a village that is not inside the chosen district/regency/province."""
        village = cleaned_data.get("village")
        district = cleaned_data.get("district")
        regency = cleaned_data.get("regency")
        province = cleaned_data.get("province")
        if village and district and village.district_id != district.pk:
            self.add_error("village", _("Desa ini tidak berada di kecamatan yang dipilih."))
        if district and regency and district.regency_id != regency.pk:
            self.add_error("district", _("Kecamatan ini tidak berada di kabupaten/kota yang dipilih."))
        if regency and province and regency.province_id != province.pk:
            self.add_error("regency", _("Kabupaten/kota ini tidak berada di provinsi yang dipilih."))


def is_region_refresh(request) -> bool:
    """True when the no-JavaScript "Pilih" button asked for the next level's choices."""
    return REFRESH_FIELD in request.POST
