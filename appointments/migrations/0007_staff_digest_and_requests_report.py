"""The daily digest's record of days sent, and the requests report for practice managers."""

import django.utils.timezone
from django.contrib.auth.management import create_permissions
from django.db import migrations, models


def grant_report(apps, schema_editor):
    app_config = apps.get_app_config("appointments")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    report = Permission.objects.filter(content_type__app_label="appointments", codename="view_requests_report")
    for group in apps.get_model("auth", "Group").objects.filter(name="Practice manager"):
        group.permissions.add(*report)


def revoke_report(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    report = Permission.objects.filter(content_type__app_label="appointments", codename="view_requests_report")
    for group in apps.get_model("auth", "Group").objects.filter(name="Practice manager"):
        group.permissions.remove(*report)


class Migration(migrations.Migration):

    dependencies = [
        ('appointments', '0006_phone_extension'),
        ('auth', '0012_alter_user_first_name_max_length'),
    ]

    operations = [
        migrations.CreateModel(
            name='StaffDigest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField(unique=True)),
                ('sent_at', models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                'verbose_name': 'staff digest',
                'ordering': ['-day'],
            },
        ),
        migrations.AlterModelOptions(
            name='appointmentrequest',
            options={'ordering': ['-received_at'], 'permissions': [('export_appointmentrequest', 'Can export appointment requests as CSV'), ('view_requests_report', 'Can see the requests report')]},
        ),
        migrations.RunPython(grant_report, revoke_report),
    ]
