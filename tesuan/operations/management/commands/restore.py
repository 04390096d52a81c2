from pathlib import Path

import dj_database_url
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from tesuan.operations.backup import backup_restore, rows_text
from tesuan.operations.errors import BackupError


class Command(BaseCommand):
    help = (
        "从 backup 生成的备份目录恢复数据库和上传的文件。先核对清单中的 SHA-256，"
        "恢复后核对各表行数和文件数，不符时以非零状态退出。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "archive", type=Path, help="备份目录，例如 var/backups/tesuan-20240510-020000"
        )
        parser.add_argument(
            "--database-url",
            default=None,
            help="恢复到这个数据库（默认为 DATABASE_URL 指定的数据库）",
        )
        parser.add_argument(
            "--force", action="store_true", help="目标数据库或文件目录不是空的也恢复（覆盖）"
        )

    def handle(
        self, *args, archive: Path, database_url: str | None, force: bool, **options
    ) -> None:
        database_settings = (
            dj_database_url.parse(database_url)
            if database_url
            else connections["default"].settings_dict
        )
        try:
            restore = backup_restore(
                archive=archive,
                database_settings=database_settings,
                storage=default_storage,
                force=force,
            )
        except BackupError as error:
            raise CommandError(error.message) from error
        for want, got in zip(restore.expected, restore.restored, strict=True):
            self.stdout.write(f"  {want.name}：备份 {want.amount()}，恢复后 {got.amount()}")
        self.stdout.write(
            f"  文件：备份 {restore.files_expected} 个，恢复后 {restore.files_restored} 个"
        )
        if restore.mismatches:
            raise CommandError(
                "恢复后的数据与备份清单不符，请勿投入使用：" + "；".join(restore.mismatches) + "。"
            )
        self.stdout.write(
            f"恢复完成：{rows_text(restore.restored)}；文件 {restore.files_restored} 个。"
        )
