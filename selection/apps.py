from django.apps import AppConfig


class SelectionConfig(AppConfig):
    name = "selection"
    verbose_name = "选拔程序"

    def ready(self) -> None:
        # Plugs the procedure into the review: its forwarding preconditions, its section of the
        # declaration's review page and its column of the queue.
        from selection import declaration_section, preconditions, queue_checklist  # noqa: F401
