from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "analytics"
    verbose_name = "Site analytics"

    def ready(self):
        from analytics import receivers  # noqa: F401 - connects the conversion counter
