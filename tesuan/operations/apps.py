from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "tesuan.operations"
    label = "operations"
    verbose_name = "运维"
