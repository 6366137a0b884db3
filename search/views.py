"""Catalogue, category and search listings served from the database.

Oscar builds these on django-haystack, whose simple backend silently lists nothing when
browsing; these views keep Oscar's names and templates but read through catalog.selectors.
"""

from urllib.parse import unquote

from django.conf import settings
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView
from oscar.apps.search.signals import user_search
from oscar.core.loading import get_model

from catalog import selectors
from search.forms import ProductListForm, SearchForm

Category = get_model("catalogue", "Category")


class ProductListView(ListView):
    """A paginated product listing whose page number is clamped instead of failing."""

    form_class = ProductListForm
    context_object_name = "products"
    paginate_by = settings.OSCAR_PRODUCTS_PER_PAGE
    default_sort = selectors.SORT_NEWEST

    def get_form(self):
        return self.form_class(self.request.GET)

    def get_filters(self) -> dict:
        return {}

    def get_queryset(self):
        self.form = self.get_form()
        return selectors.product_list(sort=self.form.cleaned_sort(self.default_sort), **self.get_filters())

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = self.form
        context["selected_facets"] = []
        return context


class CatalogueView(ProductListView):
    template_name = "oscar/catalogue/browse.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["summary"] = _("Semua produk")
        return context


class ProductCategoryView(ProductListView):
    template_name = "oscar/catalogue/category.html"

    def get(self, request, *args, **kwargs):
        self.category = get_object_or_404(Category, pk=kwargs["pk"])
        if not (self.category.is_public or request.user.is_staff):
            raise Http404()
        expected_path = self.category.get_absolute_url()
        if unquote(expected_path) != unquote(request.path):
            return HttpResponsePermanentRedirect(expected_path)
        return super().get(request, *args, **kwargs)

    def get_filters(self) -> dict:
        return {"category": self.category}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["category"] = self.category
        context["summary"] = self.category.name
        return context


class FacetedSearchView(ProductListView):
    form_class = SearchForm
    template_name = "oscar/search/results.html"
    context_object_name = "results"
    default_sort = selectors.SORT_RELEVANCE

    def dispatch(self, request, *args, **kwargs):
        user_search.send(
            sender=self, session=request.session, user=request.user, query=request.GET.get("q", "")
        )
        return super().dispatch(request, *args, **kwargs)

    def get_filters(self) -> dict:
        return {"query": self.form.cleaned_query()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["query"] = self.form.cleaned_query()
        context["page"] = context["page_obj"]
        context["search_form"] = self.form
        return context
