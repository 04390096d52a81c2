import django.utils.timezone
from django.db import migrations, models


def backfill(apps, schema_editor):
    """Accounts whose password was never changed count from their creation."""
    User = apps.get_model("accounts", "User")
    User.objects.filter(password_changed_at__isnull=True).update(
        password_changed_at=models.F("date_joined")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="user",
            name="password_changed_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now, verbose_name="密码修改时间"
            ),
        ),
    ]
