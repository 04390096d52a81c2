from django.apps import AppConfig


class PortalConfig(AppConfig):
    """Pages across the apps (home, to-do list) and the demo's seeding; no app imports it."""

    name = "portal"
    verbose_name = "门户"
