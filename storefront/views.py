"""Public pages that are not Oscar's: the producers, the program villages and their provinces.

Read only; each page asks the domain apps' selectors for what it shows.
"""

from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.text import slugify
from django.views.generic import DetailView, ListView

from catalog import selectors as catalog_selectors
from regions import selectors as region_selectors
from regions.models import District, Province, Regency, Village
from sellers import selectors as seller_selectors


class SellerListView(ListView):
    template_name = "storefront/seller_list.html"
    context_object_name = "sellers"
    paginate_by = 30

    def get_queryset(self):
        return seller_selectors.sellers_public()


class SellerProfileView(ListView):
    """A producer's page: who they are, where, and what they sell."""

    template_name = "storefront/seller_profile.html"
    context_object_name = "products"
    paginate_by = 24

    def get_queryset(self):
        self.seller = get_object_or_404(seller_selectors.sellers_public(), slug=self.kwargs["slug"])
        return catalog_selectors.product_list(seller=self.seller)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["seller"] = self.seller
        return context


class VillageListView(ListView):
    template_name = "storefront/village_list.html"
    context_object_name = "villages"

    def get_queryset(self):
        return region_selectors.desmigratif_villages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["provinces"] = region_selectors.provinces_with_desmigratif_villages()
        return context


class ProvinceDetailView(DetailView):
    model = Province
    template_name = "storefront/province_detail.html"
    context_object_name = "province"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["villages"] = region_selectors.desmigratif_villages().filter(
            district__regency__province=self.object
        )
        return context


class VillageDetailView(DetailView):
    template_name = "storefront/village_detail.html"
    context_object_name = "village"

    def get(self, request, *args, **kwargs):
        self.object = get_object_or_404(Village.objects.with_hierarchy(), code=kwargs["code"])
        # Names change more often than codes: old links redirect to the current slug.
        if kwargs.get("slug") != slugify(self.object.name):
            return redirect(self.object.get_absolute_url(), permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sellers"] = seller_selectors.sellers_approved_in(village=self.object)
        context["products"] = catalog_selectors.product_list(village=self.object)[:24]
        context["cooperatives"] = self.object.cooperatives.all()
        return context


def region_children(request, level: str, code: str):
    """JSON choices for the chained selects (static/js/regions.js)."""
    queries = {
        "regency": lambda: Regency.objects.filter(province_id=code),
        "district": lambda: District.objects.filter(regency_id=code),
        "village": lambda: Village.objects.filter(district_id=code),
    }
    if level not in queries or not code.isdigit():
        raise Http404
    choices = [
        {"code": r.pk, "name": str(r) if level == "regency" else r.name}
        for r in queries[level]().order_by("name")
    ]
    response = JsonResponse({"level": level, "parent": code, "choices": choices})
    response["Cache-Control"] = "public, max-age=86400"
    return response
