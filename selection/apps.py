from django.apps import AppConfig


class SelectionConfig(AppConfig):
    name = "selection"
    verbose_name = "选拔程序"

    def ready(self) -> None:
        # Plugs the procedure into the review: its forwarding preconditions and its section of
        # the declaration's review page.
        from selection import declaration_section, preconditions  # noqa: F401
