"""This app's refusals: each a DomainError with a stable code and a Chinese message."""

from tesuan.exceptions import DomainError


class BackupError(DomainError):
    code = "backup_failed"
    default_message = "备份或恢复未能完成。"


class StorageUnavailable(DomainError):
    code = "storage_unavailable"
    http_status = 503
    default_message = "文件存储不可用。"
