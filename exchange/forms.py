from django import forms
from django.utils.translation import gettext_lazy as _

from exchange.countries import COUNTRIES_OF_WORK


class CountryOfWorkForm(forms.Form):
    country = forms.ChoiceField(
        label=_("Negara tempat Anda bekerja"),
        choices=[(country.code, country.name) for country in COUNTRIES_OF_WORK.values()],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Pilih satu negara."),
            "invalid_choice": _("Negara itu tidak ada dalam daftar. Pilih satu dari daftar ini."),
        },
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)
