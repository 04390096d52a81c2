from django.core.management.base import BaseCommand

from tesuan.accounts.demo import DEMO_PASSWORD, demo_seed


class Command(BaseCommand):
    help = "载入山西机构树和演示账户（可重复执行，已有账户保持不变）。"

    def handle(self, *args, **options) -> None:
        results = demo_seed()
        self.stdout.write("演示账户（首次登录须修改密码并确认联系方式）：")
        for account, created in results:
            state = "新建" if created else "已存在"
            self.stdout.write(f"  {account.username:<15} {account.note}（{state}）")
        self.stdout.write(f"初始密码：{DEMO_PASSWORD}")
