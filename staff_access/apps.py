from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class StaffAccessConfig(AppConfig):
    name = "staff_access"
    verbose_name = "Staff sign-in"

    def ready(self):
        from staff_access import receivers  # noqa: F401 - connects the handlers


class StaffAdminConfig(admin_apps.AdminConfig):
    """Django's admin app, with the site that asks for the second factor as ``admin.site``."""

    # Listed by its path in INSTALLED_APPS in place of django.contrib.admin; never
    # chosen for "staff_access" itself.
    default = False
    default_site = "staff_access.sites.StaffAdminSite"
