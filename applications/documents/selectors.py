from applications.models import DocumentRender
from applications.selectors import declarations_visible_to
from tesuan.accounts.models import User
from tesuan.exceptions import NotFound


def document_render_get_for_user(*, user: User, render_id: int | str) -> DocumentRender:
    """A render ``user`` asked for, of a declaration they can still see; "not found" otherwise
    (someone else's request, or a declaration that left their scope)."""
    try:
        return DocumentRender.objects.select_related("declaration__campaign").get(
            pk=render_id,
            requested_by=user,
            declaration__in=declarations_visible_to(user=user).order_by().values("pk"),
        )
    except (DocumentRender.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
