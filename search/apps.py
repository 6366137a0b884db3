import oscar.apps.search.apps as apps
from django.urls import path


class SearchConfig(apps.SearchConfig):
    name = "search"

    def ready(self):
        super().ready()
        from oscar.core.loading import get_class

        from search import handlers

        self.autocomplete_view = get_class("search.views", "AutocompleteView")
        handlers.connect(self)

    def get_urls(self):
        urls = super().get_urls()
        urls.append(path("saran/", self.autocomplete_view.as_view(), name="autocomplete"))
        return self.post_process_urls(urls)
