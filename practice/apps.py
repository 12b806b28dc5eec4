from django.apps import AppConfig


class PracticeConfig(AppConfig):
    """What the practice shares across apps: its facts, site middleware, the sign-in log."""

    name = "practice"
    verbose_name = "Practice"

    def ready(self):
        from django.contrib import admin

        from practice import checks, signins  # noqa: F401 - registers the checks, connects the handlers
        from practice.clinic import Clinic

        # Staff see the practice's name, not "Django administration".
        name = Clinic.from_settings().name
        admin.site.site_header = f"{name}: staff"
        admin.site.site_title = f"{name} staff"
        admin.site.index_title = "Today's work"
