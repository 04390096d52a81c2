"""Pagination that stays fast on large tables: the page's ids first, then the page's rows.

A list page sorts thousands of rows to show thirty. Sorting them with their joins (applicant,
units) and wide columns costs a row fetch per candidate; sorting only the ids lets PostgreSQL
answer from a covering index, and the thirty rows are then loaded by primary key with their
joins. The result is the same page, in the same order.
"""

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from rest_framework.pagination import PageNumberPagination


class IdsFirstPaginator(Paginator):
    def page(self, number) -> Page:
        if not isinstance(self.object_list, QuerySet):
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = list(self.object_list.filter(pk__in=ids)) if ids else []
        return self._get_page(rows, number, self)


class IdsFirstPagination(PageNumberPagination):
    """The API's page-number pagination over :class:`IdsFirstPaginator`."""

    django_paginator_class = IdsFirstPaginator
