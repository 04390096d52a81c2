"""The cached contacts of every page's foot follow the writes that change them."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from tesuan.orgs.models import Contact, Organisation
from tesuan.orgs.selectors import contacts_generation_next


@receiver(post_save, sender=Contact, dispatch_uid="orgs.contact_saved")
@receiver(post_delete, sender=Contact, dispatch_uid="orgs.contact_deleted")
@receiver(post_save, sender=Organisation, dispatch_uid="orgs.organisation_saved")
@receiver(post_delete, sender=Organisation, dispatch_uid="orgs.organisation_deleted")
def contacts_changed(sender, **kwargs) -> None:
    """A contact, or an organisation's name or place, changed: the cached lines are stale, now
    and again at commit (a page read in between may have cached the old line anew)."""
    contacts_generation_next()
    transaction.on_commit(contacts_generation_next, robust=True)
