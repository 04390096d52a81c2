from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportKind(models.TextChoices):
    """What an export job produces (notice section 五(一)1: the paper materials)."""

    CANDIDATES = "candidates", _("人选一览表")
    PANEL_SUMMARY = "panel_summary", _("专家评议结果汇总表")
    LETTER = "letter", _("推荐正式函")
    BUNDLE = "bundle", _("书面材料包")
