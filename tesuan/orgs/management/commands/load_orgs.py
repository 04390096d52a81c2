from django.core.management.base import BaseCommand

from tesuan.orgs.loader import shanxi_load


class Command(BaseCommand):
    help = "载入真实机构树：人社部、山西省及其各市县人社部门、省直部门和省属企业（可重复执行）。"

    def handle(self, *args, **options) -> None:
        report = shanxi_load()
        kinds = "，".join(f"{kind} {count}" for kind, count in sorted(report.by_kind.items()))
        self.stdout.write(
            f"机构树已载入：新建 {report.created}，已存在 {report.existing}（{kinds}）。"
        )
