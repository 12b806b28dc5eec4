from django.apps import AppConfig


class PracticeConfig(AppConfig):
    """What the practice shares across apps: its facts, site middleware, the sign-in log."""

    name = "practice"
    verbose_name = "Practice"

    def ready(self):
        from practice import signins  # noqa: F401 - connects the handlers
