from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "tesuan.audit"
    label = "audit"
    verbose_name = "安全审计"

    def ready(self) -> None:
        from tesuan.audit import receivers  # noqa: F401  (connects the login signals)
