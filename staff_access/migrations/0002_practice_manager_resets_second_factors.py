"""The practice manager may reset a colleague's second factor, and see the resets made."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PRACTICE_MANAGER = "Practice manager"
CODENAMES = ["add_secondfactorreset", "view_secondfactorreset"]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations have run.
    app_config = apps.get_app_config("staff_access")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=PRACTICE_MANAGER)
    group.permissions.add(*Permission.objects.filter(content_type__app_label="staff_access", codename__in=CODENAMES))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=PRACTICE_MANAGER):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="staff_access", codename__in=CODENAMES))


class Migration(migrations.Migration):
    dependencies = [
        ("staff_access", "0001_initial"),
        ("appointments", "0002_staff_groups_and_rate_limit_table"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
