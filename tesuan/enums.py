"""Facts shared by every app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TalentType(models.TextChoices):
    """The two kinds of candidate; each is handled by its own office (专技处 / 职建处)."""

    PROFESSIONAL = "professional", _("专业技术人才")
    SKILLED = "skilled", _("高技能人才")
