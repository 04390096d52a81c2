from django.core.management.base import BaseCommand

from selection.sweep import jobs_sweep


class Command(BaseCommand):
    help = (
        "巡检后台任务：重新发送尚未送达任务队列的申报表文件、导出文件和通知邮件，"
        "把超过时限仍未完成的标记为失败（用户可重新生成）。Celery beat 每分钟自动运行一次。"
    )

    def handle(self, *args, **options) -> None:
        result = jobs_sweep()
        self.stdout.write(
            f"申报表文件：重新发送 {result.renders_resent} 份，超时失败 {result.renders_failed} 份；"
            f"导出文件：重新发送 {result.exports_resent} 份，超时失败 {result.exports_failed} 份；"
            f"通知邮件：重新发送 {result.emails_resent} 条通知的邮件。"
        )
