from tesuan.orgs.selectors import contacts_of_line


def contacts(request) -> dict:
    """The contacts of the user's own line upwards, shown at the foot of every page."""
    user = getattr(request, "user", None)
    if (
        user is None
        or not user.is_authenticated
        or user.must_change_password
        or not user.organisation_id
    ):
        return {"contacts": []}
    return {"contacts": contacts_of_line(organisation=user.organisation)}
