from django.core.management.base import BaseCommand

from quotas.demo import campaign_2024_seed
from quotas.loader import quotas_load
from selection.demo import demo_county_stage_seed, demo_panel_seed, demo_pools_seed
from tesuan.accounts.demo import DEMO_PASSWORD, demo_seed
from tesuan.orgs.models import Organisation


class Command(BaseCommand):
    help = "载入山西机构树、2024 年度申报和演示账户（可重复执行，已有账户保持不变）。"

    def handle(self, *args, **options) -> None:
        results = demo_seed()
        campaign = campaign_2024_seed(extend_for_demo=True)
        written = quotas_load(
            campaign=campaign, province=Organisation.objects.get(division_code="140000")
        )
        self.stdout.write(
            f"申报年度：{campaign.title}（推荐指标 {written} 条，按晋人社厅函〔2024〕230号）"
        )
        for deadline in campaign.deadlines.select_related("organisation"):
            extended = (
                f"，演示环境延期至 {deadline.extended_until}" if deadline.extended_until else ""
            )
            self.stdout.write(
                f"  {deadline.organisation.name}报送截止：{deadline.due_date}{extended}"
            )
        demo_pools_seed()
        for organisation in Organisation.objects.filter(reviewer_pool__isnull=False).distinct():
            names = "、".join(e.reviewer.username for e in organisation.reviewer_pool.all())
            self.stdout.write(f"评委专家库：{organisation.name}（{names}）")
        panel = demo_panel_seed(campaign=campaign)
        self.stdout.write(
            f"专家评议组：{panel.name}（{'、'.join(m.reviewer.username for m in panel.members.all())}）"
        )
        candidate = demo_county_stage_seed(campaign=campaign)
        self.stdout.write(
            f"{candidate.applicant.name}（expert3）：已在{candidate.current_organisation.name}"
            "完成专家评议和公示，待征求纪检监察机关意见后上报。"
        )
        self.stdout.write("演示账户（首次登录须修改密码并确认联系方式）：")
        for account, created in results:
            state = "新建" if created else "已存在"
            self.stdout.write(f"  {account.username:<15} {account.note}（{state}）")
        self.stdout.write(f"初始密码：{DEMO_PASSWORD}")
