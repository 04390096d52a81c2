from datetime import date

from django.core.management.base import BaseCommand, CommandError

from applications.reminders import DEADLINE_REMINDER_DAYS, deadline_reminders_send


class Command(BaseCommand):
    help = (
        f"向截止日期在 {DEADLINE_REMINDER_DAYS} 天后的机构管理员和尚未提交申报的申报人发送"
        "申报截止提醒；每天运行一次，同一天重复运行不会重复提醒。"
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--date", dest="on", help="按此日期（YYYY-MM-DD）计算，默认今天。")

    def handle(self, *args, on: str | None = None, **options) -> None:
        try:
            today = date.fromisoformat(on) if on else None
        except ValueError:
            raise CommandError("日期格式应为 YYYY-MM-DD。") from None
        count = deadline_reminders_send(today=today)
        self.stdout.write(f"{count} 个报送截止日期需要提醒，已发送。")
