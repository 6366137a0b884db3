"""Forms that read and validate listing parameters from the URL.

Bad values fall back to defaults instead of failing: a mistyped shared link must still
show a normal page.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.apps.search.forms import SearchInput

from catalog import selectors

SORT_CHOICES = [
    (selectors.SORT_NEWEST, _("Terbaru")),
    (selectors.SORT_POPULAR, _("Terlaris")),
    (selectors.SORT_PRICE_ASC, _("Harga terendah")),
    (selectors.SORT_PRICE_DESC, _("Harga tertinggi")),
    (selectors.SORT_TITLE, _("Nama A-Z")),
]


class ProductListForm(forms.Form):
    sort_by = forms.ChoiceField(
        label=_("Urutkan"),
        choices=SORT_CHOICES,
        required=False,
        widget=forms.Select(attrs={"class": "form-control", "onchange": "this.form.submit()"}),
    )

    def cleaned_sort(self, default: str = selectors.SORT_NEWEST) -> str:
        if self.is_valid() and self.cleaned_data.get("sort_by"):
            return self.cleaned_data["sort_by"]
        return default


class SearchForm(ProductListForm):
    """The header search box; keeps Oscar's name so its context processor finds it."""

    q = forms.CharField(
        required=False,
        max_length=200,
        label=_("Cari"),
        widget=SearchInput({"placeholder": _("Cari produk desa"), "tabindex": "1", "class": "form-control"}),
    )
    sort_by = forms.ChoiceField(
        label=_("Urutkan"),
        choices=[(selectors.SORT_RELEVANCE, _("Paling sesuai")), *SORT_CHOICES],
        required=False,
        widget=forms.Select(attrs={"class": "form-control", "onchange": "this.form.submit()"}),
    )

    def cleaned_query(self) -> str:
        if self.is_valid():
            return " ".join(self.cleaned_data.get("q", "").split())
        return " ".join(str(self.data.get("q", ""))[:200].split())
