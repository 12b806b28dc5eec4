"""The staff groups read notes; nobody edits a logged call any more (it can only be struck out)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ("Front desk", "Practice manager")


def update_permissions(apps, schema_editor):
    app_config = apps.get_app_config("appointments")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    in_app = Permission.objects.filter(content_type__app_label="appointments")
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*in_app.filter(codename="view_staffnote"))
        group.permissions.remove(*in_app.filter(codename__in=["add_callattempt", "change_callattempt"]))


class Migration(migrations.Migration):
    dependencies = [
        ("appointments", "0003_staff_workspace"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(update_permissions, migrations.RunPython.noop)]
