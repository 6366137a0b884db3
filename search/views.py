"""Catalogue, category and search listings, all served by the search service.

The views keep Oscar's names and templates (Oscar's URLs load them by name) and add facet
links that narrow the listing, "did you mean" and category suggestions when nothing matched.
"""

from urllib.parse import unquote

from django.conf import settings
from django.contrib import messages
from django.core.cache import caches
from django.core.paginator import Paginator
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils.decorators import method_decorator
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView
from oscar.apps.search.signals import user_search
from oscar.core.loading import get_model

from basket.services import basket_owner
from catalog.selectors import product_browsable
from core import cache
from core.cache import anonymous_page
from search import queries, services
from search.forms import ProductListForm, SearchForm

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")

# 240,000 products at 24 a page: more than twice the largest catalogue benchmarked (bench/).
MAX_PAGE = 10_000

# Choosing a region clears the levels below it.
_CLEARS = {"province": ("regency", "village"), "regency": ("village",)}


class _SearchPages:
    """The sequence a Paginator pages through: searches only for the page it is asked for."""

    def __init__(self, query: queries.ProductQuery, first_offset: int):
        self.query = query
        self.result = None
        self._offset = None
        self._run(first_offset)

    def _run(self, offset: int) -> None:
        self._offset = offset
        self.result = services.product_search(query=self.query.with_page(offset, self.query.limit))

    def __len__(self) -> int:
        return self.result.total

    def __getitem__(self, key):
        if not isinstance(key, slice):
            raise TypeError("search results are read a page at a time")
        start = key.start or 0
        if start != self._offset:
            self._run(start)
        return self.result.products


class ProductListView(TemplateView):
    form_class = ProductListForm
    context_object_name = "products"
    paginate_by = settings.OSCAR_PRODUCTS_PER_PAGE
    default_sort = queries.SORT_NEWEST

    def get_form(self):
        return self.form_class(self.request.GET)

    def get_filters(self) -> dict:
        return {}

    def get_query(self) -> queries.ProductQuery:
        self.form = self.get_form()
        return self.form.product_query(default_sort=self.default_sort, **self.get_filters())

    def _requested_offset(self) -> int:
        try:
            page = int(self.request.GET.get("page", 1))
        except (TypeError, ValueError):
            page = 1
        # A page past the last shows the last one (an old link still lands somewhere); a
        # number past any listing's pages is no link, and as an offset it would overflow the
        # database's (a 30-digit page answered 500).
        if page > MAX_PAGE:
            raise Http404("no such page")
        return (max(page, 1) - 1) * self.paginate_by

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.get_query().with_page(0, self.paginate_by)
        pages = _SearchPages(query, self._requested_offset())
        paginator = Paginator(pages, self.paginate_by)
        page = paginator.get_page(self.request.GET.get("page"))
        result = pages.result
        context.update(
            form=self.form,
            paginator=paginator,
            page_obj=page,
            is_paginated=page.has_other_pages(),
            object_list=page.object_list,
            # Lazy: the cached filters fragment may not need them ({% cache %} in the template).
            facets=SimpleLazyObject(lambda: [self._facet_context(facet) for facet in result.facets]),
            selected_facets=[],
            hidden_filters=SimpleLazyObject(self._hidden_filters),
            active_filters=SimpleLazyObject(lambda: self._active_filters(result.facets)),
            suggestion=result.suggestion,
            partial_match=result.partial,
            estimated_counts=result.estimated,
        )
        context[self.context_object_name] = page.object_list
        if not result.total:
            context["suggested_categories"] = Category.objects.filter(is_public=True, depth=1).order_by(
                "name"
            )
        return context

    def _url_with(self, **changes) -> str:
        params = self.request.GET.copy()
        params.pop("page", None)
        for name, value in changes.items():
            for cleared in _CLEARS.get(name, ()):
                params.pop(cleared, None)
            if value is None:
                params.pop(name, None)
            else:
                params[name] = value
        encoded = params.urlencode()
        return f"{self.request.path}?{encoded}" if encoded else self.request.path

    def _facet_context(self, facet: services.Facet) -> dict:
        return {
            "name": facet.name,
            "title": facet.title,
            "values": [
                {
                    "label": value.label,
                    "count": value.count,
                    "selected": value.selected,
                    "url": self._url_with(**{facet.name: None if value.selected else value.key}),
                }
                for value in facet.values
            ],
        }

    def _hidden_filters(self) -> list[tuple[str, str]]:
        """The valid filters of this request, for forms that must keep them (sorting)."""
        fixed = self.get_filters()
        return [
            (name, "1" if value is True else str(value))
            for name, value in self.form.cleaned_filters().items()
            if value not in (None, False) and name not in fixed
        ]

    def _active_filters(self, facets: list[services.Facet]) -> list[dict]:
        active = []
        for facet in facets:
            if facet.name in self.get_filters():
                continue  # fixed by the page (the category of a category page)
            if (value := facet.selected) is not None:
                active.append({"label": value.label, "url": self._url_with(**{facet.name: None})})
        return active


def _listing_shows(request, *args, **kwargs) -> tuple[str, ...]:
    # And the products of its cards, which product_cards adds while the page is built.
    return ("listing", "catalogue", "content")


def _signed_in_header(request, *args, **kwargs) -> str | None:
    """A signed-in buyer's own parts of the header, for the shared listing they are served
    (core.cache.anonymous_page); None when their page is built whole: a message waiting to
    be shown, a basket still to be merged, staff (whose pages may show more)."""
    owner = basket_owner(request)
    if request.user.is_staff or owner is None or len(messages.get_messages(request)):
        return None
    # Kept in this process's memory per visitor, page and language until what it shows
    # changes: their basket, notifications and groups (their owner tag), prices, the catalogue
    # around them, permissions. The versions come from the request's prefetch.
    tags = ("catalogue", "prices", "permissions", cache.owner_tag(owner))
    key = cache.key_for(
        "signed-in-header",
        owner,
        request.get_full_path(),
        get_language(),
        # The basket's total shows converted for a buyer abroad (exchange rates).
        *cache.page_variant(request),
        tuple(cache.versions(tags).values()),
    )
    local = caches["local"]
    parts = local.get(key)
    if parts is None:
        # Stored without this visitor's CSRF token (CsrfTokenMiddleware puts the current one in).
        html = render_to_string("includes/site_header_visitor.html", request=request)
        parts = cache.CSRF_VALUE.sub(r"\1\2", html)
        local.set(key, parts, cache.TIMEOUT)
    return parts


# Listings are the same for every anonymous visitor: served whole from the cache until the
# listing or one of the products it shows changes (core.cache.anonymous_page); a signed-in
# buyer gets the same page with their own header parts.
_shared_listing = method_decorator(anonymous_page(tags=_listing_shows), name="dispatch")
_shared_listing_signed_in = method_decorator(
    anonymous_page(tags=_listing_shows, visitor_parts=_signed_in_header), name="dispatch"
)


@_shared_listing_signed_in
class CatalogueView(ProductListView):
    template_name = "oscar/catalogue/browse.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["summary"] = _("Semua produk")
        return context


@_shared_listing_signed_in
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
        return {"category": self.category.pk}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["category"] = self.category
        context["summary"] = self.category.name
        return context


@_shared_listing
class FacetedSearchView(ProductListView):
    form_class = SearchForm
    template_name = "oscar/search/results.html"
    context_object_name = "results"
    default_sort = queries.SORT_RELEVANCE

    def dispatch(self, request, *args, **kwargs):
        user_search.send(
            sender=self, session=request.session, user=request.user, query=request.GET.get("q", "")
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["query"] = self.form.cleaned_query()
        context["page"] = context["page_obj"]
        context["search_form"] = self.form
        if context["suggestion"]:
            context["suggestion_url"] = self._url_with(q=context["suggestion"])
        return context


class AutocompleteView(View):
    """Titles completing what the shopper is typing, as JSON for static/js/search.js."""

    def get(self, request, *args, **kwargs):
        prefix = " ".join(str(request.GET.get("q", ""))[:100].split())
        suggestions = services.product_autocomplete(prefix=prefix) if prefix else []
        ids = [suggestion.product_id for suggestion in suggestions]
        slugs = dict(product_browsable().filter(pk__in=ids).values_list("pk", "slug"))
        items = [
            {
                "title": suggestion.title,
                "url": Product(
                    pk=suggestion.product_id, slug=slugs[suggestion.product_id]
                ).get_absolute_url(),
            }
            for suggestion in suggestions
            if suggestion.product_id in slugs
        ]
        response = JsonResponse({"query": prefix, "suggestions": items})
        response["Cache-Control"] = "public, max-age=60"
        return response
