"""A request's history: one version per change, each marked when it moved the status.

Every change through the triage (triage.py) is a version with its reason ("Status: Closed
(Duplicate)"); the requests report counts each person's status changes from the marked
versions alone.
"""

from django.db import models
from django.db.models import Q
from django.dispatch import receiver
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

from appointments.models.triage import TriageWorkflow


class StatusChangeMark(models.Model):
    """What each version in a request's history adds: whether that change moved the status.

    The requests report counts each person's status changes in a period from the versions
    of that period alone, instead of comparing every version with the one before it.
    """

    status_changed = models.BooleanField(default=False, editable=False)

    class Meta:
        abstract = True


class RequestHistory(HistoricalRecords):
    """A request's history, indexed for the requests report's count of status changes."""

    def get_meta_options(self, model):
        options = super().get_meta_options(model)
        # The versions that moved a status, by when and who: the report counts a period's
        # from this index alone, not from every version of the period.
        options["indexes"] = [
            *options.get("indexes", ()),
            models.Index(
                fields=["history_date", "history_user"],
                condition=Q(status_changed=True),
                name="history_status_changes",
            ),
        ]
        return options


@receiver(pre_create_historical_record)
def mark_status_change(sender, instance, history_instance, **kwargs):
    if isinstance(instance, TriageWorkflow):
        history_instance.status_changed = instance._status_changed
