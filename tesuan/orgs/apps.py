from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "tesuan.orgs"
    label = "orgs"
    verbose_name = "机构"

    def ready(self) -> None:
        from tesuan.orgs import receivers  # noqa: F401  (connects the receivers)
