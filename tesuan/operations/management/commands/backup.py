from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from tesuan.operations.backup import backup_create, rows_text
from tesuan.operations.errors import BackupError


class Command(BaseCommand):
    help = (
        "备份数据库和存储的文件（MEDIA_ROOT 或 S3 存储桶）：在备份目录下生成一个带时间戳的目录，"
        "内含数据库导出、文件包和清单（行数、文件数、SHA-256）。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dir",
            dest="directory",
            type=Path,
            default=None,
            help=f"备份存放目录，默认为 BACKUP_DIR（{settings.BACKUP_DIR}）",
        )
        parser.add_argument(
            "--keep", type=int, default=None, help="备份完成后只保留最新的 N 份，删除更早的备份"
        )

    def handle(self, *args, directory: Path | None, keep: int | None, **options) -> None:
        if keep is not None and keep < 1:
            raise CommandError("--keep 至少为 1。")
        try:
            backup = backup_create(
                backup_dir=directory or Path(settings.BACKUP_DIR),
                database_settings=connections["default"].settings_dict,
                storage=default_storage,
                keep=keep,
            )
        except BackupError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            f"备份完成：{backup.path}\n{rows_text(backup.tables)}；文件 {backup.files} 个。"
        )
        for path in backup.pruned:
            self.stdout.write(f"已删除过期备份：{path}")
