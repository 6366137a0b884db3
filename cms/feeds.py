from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Rss201rev2Feed

from cms import selectors


class StoryFeed(Feed):
    """RSS 2.0 of the newest success stories under one story index."""

    feed_type = Rss201rev2Feed

    def __init__(self, index):
        super().__init__()
        self.index = index

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return f"{self.index.title} | Pasar Desmigratif"

    def link(self):
        return self.request.build_absolute_uri(self.index.get_url(self.request))

    def description(self):
        return self.index.intro

    def items(self):
        return selectors.stories_live().child_of(self.index)[:20]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.intro

    def item_link(self, item):
        # Absolute, from the address the reader used: feed readers need the host.
        return self.request.build_absolute_uri(item.get_url(self.request))

    def item_pubdate(self, item):
        return item.first_published_at

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]
