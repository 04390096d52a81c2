"""The moved tables take the selection app's names (review_panel becomes selection_panel, and so
on), and the content types follow, so that permissions and object permissions keep pointing at
them."""

from django.db import migrations


MOVED = (
    "classifiedmark",
    "conflict",
    "criterion",
    "disciplineopinion",
    "exportjob",
    "objection",
    "panel",
    "panelcandidate",
    "panelmember",
    "publicityperiod",
    "reviewoverride",
    "score",
    "vote",
)


def content_types_move(from_label, to_label):
    def move(apps, schema_editor):
        content_type = apps.get_model("contenttypes", "ContentType")
        taken = set(
            content_type.objects.filter(app_label=to_label, model__in=MOVED).values_list(
                "model", flat=True
            )
        )
        content_type.objects.filter(app_label=from_label, model__in=MOVED).exclude(
            model__in=taken
        ).update(app_label=to_label)

    return move


class Migration(migrations.Migration):

    dependencies = [
        ('selection', '0001_initial'),
        ('review', '0004_move_to_selection'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.AlterModelTable(
            name='classifiedmark',
            table=None,
        ),
        migrations.AlterModelTable(
            name='conflict',
            table=None,
        ),
        migrations.AlterModelTable(
            name='criterion',
            table=None,
        ),
        migrations.AlterModelTable(
            name='disciplineopinion',
            table=None,
        ),
        migrations.AlterModelTable(
            name='exportjob',
            table=None,
        ),
        migrations.AlterModelTable(
            name='objection',
            table=None,
        ),
        migrations.AlterModelTable(
            name='panel',
            table=None,
        ),
        migrations.AlterModelTable(
            name='panelcandidate',
            table=None,
        ),
        migrations.AlterModelTable(
            name='panelmember',
            table=None,
        ),
        migrations.AlterModelTable(
            name='publicityperiod',
            table=None,
        ),
        migrations.AlterModelTable(
            name='reviewoverride',
            table=None,
        ),
        migrations.AlterModelTable(
            name='score',
            table=None,
        ),
        migrations.AlterModelTable(
            name='vote',
            table=None,
        ),
        migrations.RunPython(
            content_types_move("review", "selection"), content_types_move("selection", "review")
        ),
    ]
