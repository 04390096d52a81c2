from django.db.models import Prefetch
from rest_framework import viewsets
from rest_framework.settings import api_settings

from tesuan.accounts.api.permissions import CanManageUsers
from tesuan.accounts.authority import organisations_actable_by
from tesuan.orgs.api.serializers import OrganisationSerializer
from tesuan.orgs.models import Contact
from tesuan.orgs.selectors import organisation_get_by_code, organisations_with_parent_id


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    """The organisations the admin may act on. ``?under=140400`` narrows to a division's subtree."""

    permission_classes = [*api_settings.DEFAULT_PERMISSION_CLASSES, CanManageUsers]
    serializer_class = OrganisationSerializer

    def get_queryset(self):
        organisations = organisations_actable_by(user=self.request.user)
        if code := self.request.query_params.get("under"):
            root = organisation_get_by_code(code=code)
            organisations = (
                organisations.filter(path__startswith=root.path) if root else organisations.none()
            )
        if term := self.request.query_params.get("q", "").strip():
            organisations = organisations.filter(name__icontains=term)
        return organisations_with_parent_id(organisations).prefetch_related(
            Prefetch("contacts", queryset=Contact.objects.order_by("talent_type"))
        )
