"""Oscar's dashboard product page, with the description kept to core.html's allow-list when
staff save it, as the portal keeps sellers' (the product page cleans it again when shown).

Put in place by staff.apps.CatalogueDashboardConfig; everything else on the page is Oscar's.
"""

from oscar.core.loading import get_class

from core.html import html_clean

OscarProductForm = get_class("dashboard.catalogue.forms", "ProductForm")
OscarProductCreateUpdateView = get_class("dashboard.catalogue.views", "ProductCreateUpdateView")


class ProductForm(OscarProductForm):
    def clean_description(self):
        return html_clean(self.cleaned_data.get("description"))


class ProductCreateUpdateView(OscarProductCreateUpdateView):
    form_class = ProductForm
