from django.apps import AppConfig


class ClinicSiteConfig(AppConfig):
    """The project package as an app, for site-wide signal handlers."""

    name = "clinic_site"
    verbose_name = "Site"

    def ready(self):
        from clinic_site import signins  # noqa: F401 - connects the handlers
