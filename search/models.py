"""The database backend's index: one row per listed product, kept by search.indexing.

Rows exist only for products that may be shown (public, sold by an approved seller);
the stemmed text feeds PostgreSQL's search vector and SQLite's word match, and the
region, producer, price and flag columns let facets be counted without joins.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F

SAMPLE_SLOTS = 10_000


class ProductSearchEntry(models.Model):
    product = models.OneToOneField(
        "catalogue.Product", on_delete=models.CASCADE, primary_key=True, related_name="search_entry"
    )
    title = models.CharField(max_length=255)
    title_normalized = models.CharField(max_length=255, db_index=True)
    title_stems = models.TextField(blank=True)
    # The stems of the product's own categories' names (not their ancestors').
    category_stems = models.TextField(blank=True, default="")
    body_stems = models.TextField(blank=True)
    description_stems = models.TextField(blank=True)
    # Filled on PostgreSQL only (weights: title A, own categories B, ancestor categories,
    # producer and place C, description D); the stems columns are then left empty.
    search_vector = SearchVectorField(null=True)
    # The product's own text only: its title (A) and own categories (B), with a GIN index of
    # its own (migration 0007). A search first asks for words in the own text; tested
    # against the whole vector with weights (`:AB`), PostgreSQL rechecked every matching
    # row's whole text (a common word: 20,000 rows, 6,000 heap pages at 100,000 products).
    own_vector = SearchVectorField(null=True)
    # The title's own lexemes (own_vector's A) with a GIN index of their own (migration
    # 0009): the best tier (every word in the title) is found from it exactly. Asked of
    # own_vector as "kain:A", GIN cannot tell weights apart and PostgreSQL rechecked every
    # row with the word anywhere in the own text (18,000 for "kain" at 100,000 products, as
    # it is a category's name too, to find 3,000).
    title_vector = SearchVectorField(null=True)

    # The same categories as this entry's category_links (each category and its ancestors),
    # carried on the row as " 3 17 42 " so that a search counts its category facet from the
    # rows it matched, without joining the links again. Text, not JSON: testing 20,000 rows
    # for six categories took 7 ms with strpos here, 30 ms with jsonb containment, and 90 ms
    # joined to the links.
    category_list = models.TextField(blank=True)

    seller = models.ForeignKey("sellers.SellerProfile", on_delete=models.CASCADE, related_name="+")
    province = models.ForeignKey("regions.Province", on_delete=models.CASCADE, related_name="+")
    regency = models.ForeignKey("regions.Regency", on_delete=models.CASCADE, related_name="+")
    village = models.ForeignKey("regions.Village", on_delete=models.CASCADE, related_name="+")
    price = models.DecimalField(max_digits=12, decimal_places=2, null=True, db_index=True)
    num_sold = models.PositiveIntegerField(default=0)
    in_stock = models.BooleanField(default=False)
    is_halal = models.BooleanField(default=False)
    has_pirt = models.BooleanField(default=False)
    date_created = models.DateTimeField(db_index=True)
    indexed_at = models.DateTimeField(auto_now=True)
    # Which of SAMPLE_SLOTS slots the entry falls in: every 10,000 consecutive product ids
    # fill each slot once (7,919 is prime to 10,000), so "sample < n" is n in 10,000 of any
    # run of products, whoever listed them and when. A search matching too many entries to
    # count in time counts its facets from such a sample (backends/database/sampling.py),
    # read by this column's index beside the text's.
    sample = models.GeneratedField(
        expression=(F("product_id") % SAMPLE_SLOTS) * 7919 % SAMPLE_SLOTS,
        output_field=models.IntegerField(),
        db_persist=True,
        db_index=True,
    )

    class Meta:
        verbose_name = "product search entry"
        verbose_name_plural = "product search entries"
        indexes = [
            # Every facet column in one narrow index: counting a broad listing reads this
            # instead of the wide rows (stems, tsvector); at 100,000 products the summary of
            # flags and price ranges went from 100 ms to 35 ms here (covering on PostgreSQL).
            models.Index(
                fields=["province", "seller"],
                include=["in_stock", "is_halal", "has_pirt", "price", "regency", "village"],
                name="search_entry_facets",
            ),
            # The popular order in full (the shop's "Terlaris", and the candidates of a
            # search too big to rank every match: sampling.py), walked from its start: at
            # 100,000 products, the 96 most sold titles with a common word in 5 ms, where
            # num_sold alone (mostly 0) left every such title to be sorted.
            models.Index(fields=["-num_sold", "-date_created", "-product_id"], name="search_entry_popular"),
        ]

    def __str__(self) -> str:
        return self.title


class ProductSearchCategory(models.Model):
    """A listed product's category and every ancestor of it, for the category facet."""

    entry = models.ForeignKey(ProductSearchEntry, on_delete=models.CASCADE, related_name="category_links")
    category = models.ForeignKey("catalogue.Category", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["category", "entry"], name="search_category_entry_unique")
        ]

    def __str__(self) -> str:
        return f"{self.entry_id} in {self.category_id}"


class SearchTerm(models.Model):
    """A word that occurs in listed products: the vocabulary typos are corrected against."""

    word = models.CharField(max_length=64, unique=True)

    def __str__(self) -> str:
        return self.word


class FacetCountChange(models.Model):
    """A change to how many listed products carry one facet value: +1 for each index entry
    written with it, -1 for each one removed. Summed, they are the unfiltered catalogue's
    facet counts, which counting 100,000 entries took 70-140 ms to give.

    Rows are only ever added by the indexer (an insert takes no lock another checkout's
    reindex could wait on, where one counter row per value would be updated by every
    checkout of it), and `manage.py search_index --compact` folds them into one row per value.
    """

    facet = models.CharField(max_length=16)
    value = models.CharField(max_length=32, blank=True)
    change = models.IntegerField()

    def __str__(self) -> str:
        return f"{self.facet}={self.value}: {self.change:+d}"
