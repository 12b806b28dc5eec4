"""Daily counts, and nothing else: no address, no browser, no cookie, no identifier.

Each row is a day, a thing counted (a page, a referring site) and a number.
"""

from django.db import models


class PageView(models.Model):
    """Views of one public page on one day."""

    day = models.DateField()
    path = models.CharField(max_length=200)
    views = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "path"], name="analytics_pageview_day_path")]
        permissions = [("view_site_analytics", "Can see site analytics")]
        verbose_name_plural = "site analytics"

    def __str__(self):
        return f"{self.path} on {self.day}: {self.views}"


class TrafficSource(models.Model):
    """Visits to a page arriving from another site (its host name only) or a campaign tag."""

    class Kind(models.TextChoices):
        REFERRER = "referrer", "Referring site"
        CAMPAIGN = "campaign", "Campaign (utm_source)"

    day = models.DateField()
    path = models.CharField("landing page", max_length=200)
    kind = models.CharField(max_length=10, choices=Kind)
    name = models.CharField(max_length=100)
    visits = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "path", "kind", "name"], name="analytics_source_day_path_kind_name"
            )
        ]

    def __str__(self):
        return f"{self.name} on {self.day}: {self.visits}"


class RequestOrigin(models.Model):
    """Appointment requests stored on one day, by the site page the patient came from.

    Only the count: nothing here points at any request.
    """

    day = models.DateField()
    path = models.CharField(max_length=200)
    requests = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "path"], name="analytics_origin_day_path")]

    def __str__(self):
        return f"{self.path} on {self.day}: {self.requests}"
