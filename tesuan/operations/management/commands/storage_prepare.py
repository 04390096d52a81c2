from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from tesuan.operations.errors import StorageUnavailable
from tesuan.operations.storage import storage_prepare


class Command(BaseCommand):
    help = (
        "检查文件存储（MEDIA_ROOT 或 S3 存储桶）：存储桶不存在时创建（私有），"
        "再写入、读回并删除一个检查文件。部署启动时运行。"
    )

    def handle(self, *args, **options) -> None:
        try:
            place, created = storage_prepare(default_storage)
        except StorageUnavailable as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"文件存储可用：{place}{'（已新建存储桶）' if created else ''}")
