from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "review"
    verbose_name = "审核推荐"

    def ready(self) -> None:
        from review import preconditions  # noqa: F401  (registers the forwarding checks)
