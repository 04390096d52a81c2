from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tesuan.accounts.authority import Area, area_required, organisations_actable_by
from tesuan.orgs.models import Contact
from tesuan.pagination import IdsFirstPaginator

ORGANISATIONS_PER_PAGE = 100


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    """The admin's subtree in tree order, indented, with contacts: the HTML twin of ``orgtree``."""
    area_required(request.user, Area.ORGANISATIONS)
    organisations = organisations_actable_by(user=request.user).prefetch_related(
        Prefetch("contacts", queryset=Contact.objects.order_by("talent_type"))
    )
    if term := request.GET.get("q", "").strip():
        organisations = organisations.filter(name__icontains=term)
    page = IdsFirstPaginator(organisations, ORGANISATIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    top_depth = min((org.depth for org in page), default=1)
    for org in page:
        org.indent = org.depth - top_depth
    query = urlencode({"q": term}) if term else ""
    return render(request, "orgs/organisation/list.html", {"page": page, "q": term, "query": query})
