from django.http import Http404
from wagtail.models import Locale


class LanguageFallbackMixin:
    """Route a page missing in the reader's language to the Indonesian original.

    The shop's URLs carry no language prefix: ``/cerita/x/`` is the same address in both
    languages. Wagtail serves the tree of the active language's home page, so a page not yet
    translated would be a 404 for English readers; this falls back to the default tree.
    """

    def route(self, request, path_components):
        try:
            return super().route(request, path_components)
        except Http404:
            default = self.get_translation_or_none(Locale.get_default())
            if default is None or default.pk == self.pk:
                raise
            return default.specific.route(request, path_components)
