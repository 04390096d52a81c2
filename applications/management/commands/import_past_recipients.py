import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from applications.services import past_recipients_import


class Command(BaseCommand):
    help = "导入已享受国务院政府特殊津贴人员名单（CSV，UTF-8，列：证件类型,证件号码,姓名,享受年度），可重复导入。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("csv_file", type=Path)

    def handle(self, *args, csv_file: Path, **options) -> None:
        if not csv_file.exists():
            raise CommandError(f"文件不存在：{csv_file}")
        with csv_file.open(encoding="utf-8-sig", newline="") as stream:
            report = past_recipients_import(rows=csv.DictReader(stream))
        self.stdout.write(f"已导入 {report.imported} 人，更新 {report.updated} 人。")
        for line, message in report.errors:
            self.stderr.write(f"第 {line} 行：{message}")
        if report.errors:
            raise CommandError(
                f"{len(report.errors)} 行未导入，请更正后重新导入（已导入的不会重复）。"
            )
