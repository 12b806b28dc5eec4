"""Create the two staff groups and the table the rate limit counts in.

Permissions are normally created after all migrations have run; they are created
here first so the groups can be given them.
"""

from django.contrib.auth.management import create_permissions
from django.core.management import call_command
from django.db import migrations

FRONT_DESK = "Front desk"
PRACTICE_MANAGER = "Practice manager"

FRONT_DESK_PERMISSIONS = [
    "view_appointmentrequest",
    "change_appointmentrequest",
    "view_historicalappointmentrequest",
    "view_callattempt",
    "add_callattempt",
    "change_callattempt",
]
PRACTICE_MANAGER_PERMISSIONS = FRONT_DESK_PERMISSIONS + [
    "delete_appointmentrequest",
    "export_appointmentrequest",
    "delete_callattempt",
    "view_requestaccess",
]


def create_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ((FRONT_DESK, FRONT_DESK_PERMISSIONS), (PRACTICE_MANAGER, PRACTICE_MANAGER_PERMISSIONS)):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="appointments", codename__in=codenames))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[FRONT_DESK, PRACTICE_MANAGER]).delete()


def create_rate_limit_table(apps, schema_editor):
    # Does nothing when the rate limit lives in Redis.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [
        ("appointments", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_groups, remove_groups),
        migrations.RunPython(create_rate_limit_table, migrations.RunPython.noop),
    ]
