from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tesuan.accounts"
    label = "accounts"
    verbose_name = "账户"
