from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from quotas.loader import DEFAULT_FILE, quotas_load
from quotas.models import Campaign
from tesuan.exceptions import DomainError
from tesuan.orgs.models import Organisation


class Command(BaseCommand):
    help = "按通知载入推荐指标（默认：2024 年山西省，晋人社厅函〔2024〕230号）。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--year", type=int, default=2024)
        parser.add_argument("--province", default="140000", help="省级人社部门的行政区划代码")
        parser.add_argument("--file", type=Path, default=DEFAULT_FILE)

    def handle(self, *args, year: int, province: str, file: Path, **options) -> None:
        campaign = Campaign.objects.filter(year=year).first()
        node = Organisation.objects.filter(division_code=province).first()
        if campaign is None or node is None:
            raise CommandError(
                f"找不到 {year} 年度申报或代码为 {province} 的机构，请先执行 seed_demo 或 load_orgs。"
            )
        try:
            written = quotas_load(campaign=campaign, province=node, path=file)
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"已载入 {written} 条推荐指标（{node.name}，{year} 年度）。")
