from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('quotas', '0002_quota'),
    ]

    operations = [
        migrations.AddField(
            model_name='campaign',
            name='publicity_working_days',
            field=models.PositiveSmallIntegerField(default=5, help_text='各级内部公示的最短期限，按国家法定节假日和调休安排计算工作日（通知规定不少于 5 个工作日）。', verbose_name='公示最少工作日'),
        ),
    ]
