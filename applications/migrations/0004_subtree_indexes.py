from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0003_document_render"),
        ("orgs", "0001_initial"),
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="declaration",
            name="unit_path",
            field=models.CharField(
                default="",
                editable=False,
                help_text="申报人所在单位在机构树中的路径，创建时写入：按辖区筛选时一次索引范围扫描。",
                max_length=255,
                verbose_name="所在单位的树路径",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="declaration",
            name="applicant_name",
            field=models.CharField(
                default="",
                editable=False,
                help_text="账户绑定的姓名，随账户更正：列表按姓名检索时无需关联账户表。",
                max_length=60,
                verbose_name="申报人姓名",
            ),
            preserve_default=False,
        ),
        migrations.RunSQL(
            sql=(
                "UPDATE applications_declaration SET "
                "unit_path = (SELECT o.path FROM orgs_organisation o "
                "WHERE o.id = applications_declaration.organisation_id), "
                "applicant_name = (SELECT u.name FROM accounts_user u "
                "WHERE u.id = applications_declaration.applicant_id)"
            ),
            reverse_sql=migrations.RunSQL.noop,
        ),
        migrations.AddIndex(
            model_name="declaration",
            index=models.Index(
                fields=["current_organisation", "status", "-submitted_at", "-id"],
                include=("talent_type",),
                name="applications_queue_recent",
            ),
        ),
        migrations.AddIndex(
            model_name="declaration",
            index=models.Index(
                fields=["unit_path"],
                include=(
                    "status",
                    "talent_type",
                    "current_organisation",
                    "campaign",
                    "submitted_at",
                    "updated_at",
                    "applicant",
                    "organisation",
                    "applicant_name",
                    "id",
                ),
                name="applications_subtree",
                opclasses=["varchar_pattern_ops"],
            ),
        ),
    ]
