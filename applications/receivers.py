"""What the declarations follow of other apps' writes, without those apps knowing of them."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from applications.models import Declaration
from tesuan.accounts.models import User


@receiver(post_save, sender=User, dispatch_uid="applications.applicant_renamed")
def applicant_renamed(sender, instance: User, created: bool, update_fields=None, **kwargs) -> None:
    """An admin's correction of the bound name (``user_update``) reaches the declarations'
    copy of it in the same transaction."""
    if created or (update_fields is not None and "name" not in update_fields):
        return
    Declaration.objects.filter(applicant=instance).exclude(applicant_name=instance.name).update(
        applicant_name=instance.name
    )
