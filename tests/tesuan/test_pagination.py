"""The ids-first paginator shows exactly the pages Django's own would, loading only the page."""

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tesuan.orgs.models import Organisation
from tesuan.pagination import IdsFirstPaginator

pytestmark = pytest.mark.django_db


def _organisations():
    return Organisation.objects.order_by("-name", "pk")


@pytest.mark.parametrize(("per_page", "orphans"), [(7, 0), (10, 3), (1000, 0)])
def test_every_page_equals_djangos(per_page, orphans):
    expected = Paginator(_organisations(), per_page, orphans=orphans)
    ours = IdsFirstPaginator(_organisations(), per_page, orphans=orphans)
    assert ours.num_pages == expected.num_pages > 0
    for number in expected.page_range:
        assert list(ours.page(number)) == list(expected.page(number))
        assert ours.page(number).start_index() == expected.page(number).start_index()


def test_a_page_loads_its_rows_by_id_after_sorting_only_ids():
    page_rows = list(Paginator(_organisations(), 5).page(2))
    with CaptureQueriesContext(connection) as queries:
        page = IdsFirstPaginator(_organisations(), 5).page(2)
    ids_query, rows_query = (q["sql"] for q in queries.captured_queries[-2:])
    assert '"name"' not in ids_query.split("FROM")[0]  # the sort reads ids only
    assert "LIMIT 5" in ids_query
    assert "LIMIT" not in rows_query and '"name"' in rows_query
    assert list(page) == page_rows


def test_a_page_past_the_data_is_refused_and_a_list_still_pages():
    paginator = IdsFirstPaginator(Organisation.objects.none().order_by("pk"), 5)
    assert list(paginator.get_page(3)) == []
    assert list(IdsFirstPaginator(list(range(12)), 5).page(3)) == [10, 11]
