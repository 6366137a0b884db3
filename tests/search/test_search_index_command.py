"""manage.py search_index --rebuild, on both backends."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from search import services
from search.backends import get_backend
from search.queries import ProductQuery

pytestmark = pytest.mark.django_db


def test_rebuild_prints_progress_and_indexes_every_listed_product(backend, shop):
    out = StringIO()
    call_command("search_index", "--rebuild", "--chunk-size", "3", stdout=out)
    output = out.getvalue()
    assert "3/8 products" in output and "8/8 products (100%)" in output
    assert "Indexed 8 products" in output
    assert services.product_search(query=ProductQuery()).total == 8


@pytest.mark.search
@pytest.mark.parametrize("backend", ["elasticsearch"], indirect=True)
def test_rebuild_swaps_the_alias_to_a_new_index_and_drops_the_old(backend, shop):
    es = get_backend()
    call_command("search_index", "--rebuild", stdout=StringIO())
    first = set(es.client.indices.get_alias(name=es.alias))
    call_command("search_index", "--rebuild", stdout=StringIO())
    second = set(es.client.indices.get_alias(name=es.alias))
    assert len(first) == len(second) == 1
    assert first != second
    assert not es.client.indices.exists(index=first.pop())
    assert services.product_search(query=ProductQuery(text="sirup")).total == 1


def test_without_rebuild_the_command_says_what_to_do(db):
    with pytest.raises(CommandError, match="--rebuild"):
        call_command("search_index")


def test_migrate_fills_an_empty_database_index(settings, shop):
    from search.backends import DATABASE
    from search.handlers import build_missing_database_index
    from search.models import ProductSearchEntry

    settings.SEARCH_BACKEND = DATABASE
    ProductSearchEntry.objects.all().delete()
    build_missing_database_index(sender=None, verbosity=0)
    assert ProductSearchEntry.objects.count() == 8
