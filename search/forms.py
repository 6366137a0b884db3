"""Forms that read and validate listing parameters from the URL.

Bad values fall back to defaults instead of failing: a mistyped shared link must still
show a normal page, with every parameter that was valid still applied.
"""

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from oscar.apps.search.forms import SearchInput

from search import queries

SORT_CHOICES = [
    (queries.SORT_NEWEST, _("Terbaru")),
    (queries.SORT_POPULAR, _("Terlaris")),
    (queries.SORT_PRICE_ASC, _("Harga terendah")),
    (queries.SORT_PRICE_DESC, _("Harga tertinggi")),
    (queries.SORT_TITLE, _("Nama A-Z")),
]
# static/js/search.js submits the form when the choice changes (no inline handler: the CSP).
_SORT_WIDGET = {"class": "form-control", "data-autosubmit": True}


class _Flag(forms.BooleanField):
    """A facet switch: "1" turns it on, anything else leaves it off."""

    def to_python(self, value):
        return value in ("1", "true", "on", True)


class ProductListForm(forms.Form):
    sort_by = forms.ChoiceField(
        label=_("Urutkan"), choices=SORT_CHOICES, required=False, widget=forms.Select(attrs=_SORT_WIDGET)
    )
    category = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)
    province = forms.RegexField(regex=r"^\d{2}$", required=False, widget=forms.HiddenInput)
    regency = forms.RegexField(regex=r"^\d{4}$", required=False, widget=forms.HiddenInput)
    village = forms.RegexField(regex=r"^\d{10}$", required=False, widget=forms.HiddenInput)
    producer = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)
    price = forms.ChoiceField(
        required=False, choices=[(r.key, r.label) for r in queries.PRICE_RANGES], widget=forms.HiddenInput
    )
    halal = _Flag(required=False, widget=forms.HiddenInput)
    pirt = _Flag(required=False, widget=forms.HiddenInput)
    in_stock = _Flag(required=False, widget=forms.HiddenInput)

    FILTERS = ("category", "province", "regency", "village", "producer", "price", "halal", "pirt", "in_stock")

    def _valid(self, name: str):
        self.is_valid()
        if name in self.errors:
            return None
        return self.cleaned_data.get(name) or None

    def cleaned_sort(self, default: str = queries.SORT_NEWEST) -> str:
        return self._valid("sort_by") or default

    def cleaned_filters(self) -> dict:
        """The valid filters only, each with None or False when absent."""
        values = {name: self._valid(name) for name in self.FILTERS}
        for flag in queries.FLAG_FACETS:
            values[flag] = bool(values[flag])
        return values

    def cleaned_query(self) -> str:
        return ""

    def product_query(self, *, default_sort: str, **fixed) -> queries.ProductQuery:
        filters = self.cleaned_filters() | fixed
        return queries.ProductQuery(
            text=self.cleaned_query(), sort=self.cleaned_sort(default_sort), **filters
        )


class SearchForm(ProductListForm):
    """The header search box; keeps Oscar's name so its context processor finds it."""

    q = forms.CharField(
        required=False,
        max_length=200,
        label=_("Cari"),
        widget=SearchInput(
            {
                "placeholder": _("Cari produk desa"),
                "tabindex": "1",
                "class": "form-control",
                "autocomplete": "off",
                "data-autocomplete-url": reverse_lazy("search:autocomplete"),
            }
        ),
    )
    sort_by = forms.ChoiceField(
        label=_("Urutkan"),
        choices=[(queries.SORT_RELEVANCE, _("Paling sesuai")), *SORT_CHOICES],
        required=False,
        widget=forms.Select(attrs=_SORT_WIDGET),
    )

    def cleaned_query(self) -> str:
        if self.is_valid() or "q" not in self.errors:
            return " ".join((self.cleaned_data.get("q") or "").split())
        return " ".join(str(self.data.get("q", ""))[:200].split())
