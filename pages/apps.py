from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = "Public pages"

    def ready(self):
        from pages import checks  # noqa: F401 - registers the start-up checks
