from django.core.management.base import BaseCommand

from applications.personal_data import personal_data_rotate
from tesuan.crypto import new_fernet_key


class Command(BaseCommand):
    help = (
        "用 FIELD_ENCRYPTION_KEYS 中的第一个密钥重新加密全部证件号码，并按当前 "
        "PERSONAL_DATA_HASH_KEY 重算检索摘要；--generate-key 只打印一个新密钥。"
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--generate-key", action="store_true", help="打印一个新的加密密钥，不改动数据。"
        )

    def handle(self, *args, generate_key: bool, **options) -> None:
        if generate_key:
            self.stdout.write(new_fernet_key())
            return
        counts = personal_data_rotate()
        self.stdout.write(
            f"已重新加密申报表 {counts['declarations']} 份、提交快照 {counts['snapshots']} 份、"
            f"已享受特贴人员 {counts['past_recipients']} 人。"
        )
        if counts["past_recipients_without_number"]:
            self.stderr.write(
                f"{counts['past_recipients_without_number']} 名已享受特贴人员没有保存证件号码，"
                "检索摘要未能重算：请重新导入名单。"
            )
