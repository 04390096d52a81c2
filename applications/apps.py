from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = "特贴申报"

    def ready(self) -> None:
        from applications import receivers  # noqa: F401  (connects the receivers)
        from applications.documents import system_checks  # noqa: F401  (registers the checks)
