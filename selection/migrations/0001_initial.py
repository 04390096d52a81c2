"""The selection procedure's models, moved here from the review app with their tables and rows."""

import django.db.models.deletion
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('review', '0003_review_override'),
        ('applications', '0005_seal_id_numbers'),
        ('orgs', '0002_contact_purpose'),
        ('quotas', '0004_deadline_extension'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables exist already: only Django's idea of which app owns them changes.
            state_operations=[
                migrations.CreateModel(
                    name='ClassifiedMark',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('reason', models.CharField(max_length=200, verbose_name='依据')),
                        ('marked_at', models.DateTimeField(auto_now_add=True)),
                        ('revoked_at', models.DateTimeField(blank=True, null=True)),
                        ('declaration', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='classified_marks', to='applications.declaration')),
                        ('marked_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='orgs.organisation')),
                        ('revoked_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'review_classifiedmark',
                        'ordering': ['-marked_at', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Panel',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('talent_type', models.CharField(choices=[('professional', '专业技术人才'), ('skilled', '高技能人才')], max_length=16, verbose_name='人才类型')),
                        ('name', models.CharField(max_length=100, verbose_name='名称')),
                        ('pass_numerator', models.PositiveSmallIntegerField(default=2, verbose_name='通过比例（分子）')),
                        ('pass_denominator', models.PositiveSmallIntegerField(default=3, verbose_name='通过比例（分母）')),
                        ('disagreement_sd', models.DecimalField(decimal_places=2, default=Decimal('10'), max_digits=5, verbose_name='分歧提示阈值（标准差）')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('closed_at', models.DateTimeField(blank=True, null=True, verbose_name='评议结束时间')),
                        ('campaign', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='panels', to='quotas.campaign')),
                        ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='panels', to='orgs.organisation')),
                    ],
                    options={
                        'verbose_name': '专家评议组',
                        'verbose_name_plural': '专家评议组',
                        'db_table': 'review_panel',
                        'ordering': ['-created_at', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Criterion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=50, verbose_name='评分项')),
                        ('weight', models.DecimalField(decimal_places=2, max_digits=5, verbose_name='权重')),
                        ('max_score', models.PositiveSmallIntegerField(default=100, verbose_name='满分')),
                        ('position', models.PositiveSmallIntegerField(default=0)),
                        ('panel', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='criteria', to='selection.panel')),
                    ],
                    options={
                        'db_table': 'review_criterion',
                        'ordering': ['position', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='PanelMember',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='评分表提交时间')),
                        ('panel', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='members', to='selection.panel')),
                        ('reviewer', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='panel_memberships', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'review_panelmember',
                    },
                ),
                migrations.CreateModel(
                    name='PublicityPeriod',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('start_date', models.DateField(verbose_name='公示开始日期')),
                        ('end_date', models.DateField(verbose_name='公示结束日期')),
                        ('contact', models.CharField(blank=True, max_length=200, verbose_name='受理反映的联系方式')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('campaign', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='publicity_periods', to='quotas.campaign')),
                        ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('declarations', models.ManyToManyField(related_name='publicity_periods', to='applications.declaration')),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='publicity_periods', to='orgs.organisation')),
                    ],
                    options={
                        'verbose_name': '公示',
                        'verbose_name_plural': '公示',
                        'db_table': 'review_publicityperiod',
                        'ordering': ['-start_date', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Objection',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('received_on', models.DateField(verbose_name='收到日期')),
                        ('content', models.TextField(verbose_name='反映内容')),
                        ('resolution', models.TextField(blank=True, verbose_name='核查处理结果')),
                        ('resolved_at', models.DateTimeField(blank=True, null=True)),
                        ('declaration', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='objections', to='applications.declaration')),
                        ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('resolved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('period', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='objections', to='selection.publicityperiod')),
                    ],
                    options={
                        'db_table': 'review_objection',
                        'ordering': ['received_on', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='ReviewOverride',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('reason', models.TextField(verbose_name='未通过评议仍上报的理由')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('actor', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('declaration', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='review_overrides', to='applications.declaration')),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='orgs.organisation')),
                        ('panel', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='overrides', to='selection.panel')),
                    ],
                    options={
                        'verbose_name': '评议未通过仍上报',
                        'verbose_name_plural': '评议未通过仍上报',
                        'db_table': 'review_reviewoverride',
                        'ordering': ['created_at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Score',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('value', models.PositiveSmallIntegerField(verbose_name='得分')),
                        ('criterion', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='selection.criterion')),
                        ('declaration', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='applications.declaration')),
                        ('member', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='scores', to='selection.panelmember')),
                    ],
                    options={
                        'db_table': 'review_score',
                    },
                ),
                migrations.CreateModel(
                    name='Vote',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('recommend', models.BooleanField(verbose_name='推荐')),
                        ('declaration', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='applications.declaration')),
                        ('member', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='votes', to='selection.panelmember')),
                    ],
                    options={
                        'db_table': 'review_vote',
                    },
                ),
                migrations.CreateModel(
                    name='DisciplineOpinion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('body', models.CharField(max_length=120, verbose_name='征求意见机关')),
                        ('asked_on', models.DateField(verbose_name='征求日期')),
                        ('has_opinion', models.BooleanField(verbose_name='有意见')),
                        ('text', models.TextField(blank=True, verbose_name='意见内容')),
                        ('recorded_at', models.DateTimeField(auto_now=True)),
                        ('declaration', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='discipline_opinions', to='applications.declaration')),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='orgs.organisation')),
                        ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'review_disciplineopinion',
                        'constraints': [models.UniqueConstraint(fields=('declaration', 'organisation'), name='review_discipline_once')],
                    },
                ),
                migrations.CreateModel(
                    name='ExportJob',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('candidates', '人选一览表'), ('panel_summary', '专家评议结果汇总表'), ('letter', '推荐正式函'), ('bundle', '书面材料包')], max_length=16, verbose_name='类型')),
                        ('talent_type', models.CharField(blank=True, choices=[('professional', '专业技术人才'), ('skilled', '高技能人才')], max_length=16, verbose_name='人才类型')),
                        ('status', models.CharField(choices=[('pending', '排队中'), ('running', '生成中'), ('done', '已生成'), ('failed', '生成失败')], default='pending', max_length=16, verbose_name='状态')),
                        ('progress', models.PositiveSmallIntegerField(default=0, verbose_name='进度（%）')),
                        ('file', models.FileField(blank=True, upload_to='exports/', verbose_name='文件')),
                        ('error', models.TextField(blank=True, verbose_name='失败原因')),
                        ('requested_at', models.DateTimeField(auto_now_add=True, verbose_name='请求时间')),
                        ('started_at', models.DateTimeField(blank=True, null=True, verbose_name='开始时间')),
                        ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='完成时间')),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='export_jobs', to='orgs.organisation')),
                        ('requested_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('panel', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='export_jobs', to='selection.panel')),
                    ],
                    options={
                        'verbose_name': '导出文件',
                        'verbose_name_plural': '导出文件',
                        'db_table': 'review_exportjob',
                        'ordering': ['-requested_at', '-pk'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('status__in', ['pending', 'running', 'done', 'failed'])), name='review_export_status_valid'), models.CheckConstraint(condition=models.Q(('kind__in', ['candidates', 'panel_summary', 'letter', 'bundle'])), name='review_export_kind_valid'), models.CheckConstraint(condition=models.Q(('progress__lte', 100)), name='review_export_progress_percent')],
                    },
                ),
                migrations.CreateModel(
                    name='Conflict',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('reason', models.CharField(max_length=200, verbose_name='回避原因')),
                        ('automatic', models.BooleanField(default=False)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('declaration', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='applications.declaration')),
                        ('reviewer', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('panel', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='conflicts', to='selection.panel')),
                    ],
                    options={
                        'db_table': 'review_conflict',
                        'constraints': [models.UniqueConstraint(fields=('panel', 'reviewer', 'declaration'), name='review_conflict_once')],
                    },
                ),
                migrations.CreateModel(
                    name='PanelCandidate',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('declaration', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='panel_entries', to='applications.declaration')),
                        ('panel', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='candidates', to='selection.panel')),
                    ],
                    options={
                        'db_table': 'review_panelcandidate',
                        'constraints': [models.UniqueConstraint(fields=('panel', 'declaration'), name='review_candidate_once')],
                    },
                ),
                migrations.AddConstraint(
                    model_name='panelmember',
                    constraint=models.UniqueConstraint(fields=('panel', 'reviewer'), name='review_member_once'),
                ),
                migrations.AddConstraint(
                    model_name='score',
                    constraint=models.UniqueConstraint(fields=('member', 'declaration', 'criterion'), name='review_score_once'),
                ),
                migrations.AddConstraint(
                    model_name='vote',
                    constraint=models.UniqueConstraint(fields=('member', 'declaration'), name='review_vote_once'),
                ),
            ],
            database_operations=[],
        ),
    ]
