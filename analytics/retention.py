from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from analytics.models import PageView, RequestOrigin, TrafficSource


def purge_old_counts(*, dry_run=False):
    """Delete counts older than ANALYTICS_RETENTION_DAYS; returns how many rows that is."""
    cutoff = timezone.localdate() - timedelta(days=settings.ANALYTICS_RETENTION_DAYS)
    querysets = [model.objects.filter(day__lt=cutoff) for model in (PageView, TrafficSource, RequestOrigin)]
    if dry_run:
        return sum(queryset.count() for queryset in querysets)
    return sum(queryset.delete()[0] for queryset in querysets)
