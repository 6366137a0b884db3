from django.shortcuts import get_object_or_404
from django.views.generic import ListView

from catalog import selectors as catalog_selectors
from sellers import selectors


class SellerListView(ListView):
    template_name = "sellers/seller_list.html"
    context_object_name = "sellers"
    paginate_by = 30

    def get_queryset(self):
        return selectors.sellers_public()


class SellerProfileView(ListView):
    """A producer's page: who they are, where, and what they sell."""

    template_name = "sellers/seller_profile.html"
    context_object_name = "products"
    paginate_by = 24

    def get_queryset(self):
        self.seller = get_object_or_404(selectors.sellers_public(), slug=self.kwargs["slug"])
        return catalog_selectors.product_list(seller=self.seller)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["seller"] = self.seller
        return context
