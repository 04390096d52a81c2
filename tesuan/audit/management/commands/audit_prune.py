from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tesuan.audit.errors import RetentionTooShort
from tesuan.audit.services import MIN_RETENTION_DAYS, audit_prune


class Command(BaseCommand):
    help = (
        "删除早于保留期限的审计日志（至少保留 "
        f"{MIN_RETENTION_DAYS} 天），并把这次清理本身记入审计日志。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"保留最近 N 天的日志，默认为 AUDIT_RETENTION_DAYS（{settings.AUDIT_RETENTION_DAYS}）",
        )

    def handle(self, *args, days: int | None, **options) -> None:
        try:
            deleted = audit_prune(days=settings.AUDIT_RETENTION_DAYS if days is None else days)
        except RetentionTooShort as error:
            raise CommandError(error.message) from error
        self.stdout.write(self.style.SUCCESS(f"已删除 {deleted} 条审计日志。"))
