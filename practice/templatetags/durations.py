"""Durations as people say them: "30 minutes", "1 hour, 30 minutes", never "PT30M"."""

from datetime import UTC, datetime

from django import template
from django.utils.timesince import timeuntil

register = template.Library()


@register.filter
def duration(delta):
    """A ``timedelta`` in words, to the minute (its two largest units, as Django's
    ``timeuntil`` says them)."""
    start = datetime(2000, 1, 1, tzinfo=UTC)
    return timeuntil(start + delta, start)
