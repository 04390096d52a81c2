from django.contrib.auth.backends import ModelBackend

from tesuan.accounts.models import User


class OrganisationModelBackend(ModelBackend):
    """Django's model backend, loading the signed-in user with their organisation in the same
    query: the menu, the contacts and the permission checks of every page read it."""

    def get_user(self, user_id) -> User | None:
        user = User._default_manager.select_related("organisation").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
