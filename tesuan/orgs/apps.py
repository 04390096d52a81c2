from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "tesuan.orgs"
    label = "orgs"
    verbose_name = "机构"
