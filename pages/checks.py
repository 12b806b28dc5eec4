"""Start-up checks for the practice's facts the pages turn into structured data."""

from django.conf import settings
from django.core import checks

from practice.clinic import parse_opening_hours


@checks.register()
def opening_hours_are_readable(app_configs, **kwargs):
    try:
        parse_opening_hours(settings.CLINIC["opening_hours"])
    except ValueError as error:
        return [
            checks.Error(
                f"CLINIC_OPENING_HOURS cannot be read: {error}",
                hint="Write it like 'Mo-Fr 09:00-17:00' or 'Mo-Th 08:00-17:00; Fr 08:00-12:00'.",
                id="pages.E001",
            )
        ]
    return []
