"""What the requests report reads, kept where it can be summed in the database.

Measured with `make bench-admin`: the report listed every request of its period with its
calls and worked out each wait in Python, so with a year's requests (about 4,000 a month)
it took seven times as long as on day one. Now:

- call_count, first_call_wait and first_reached_wait on each request: its live calls and
  its waits in business hours, worked out when a call is logged or struck out. The report
  sums them with one aggregate over the period's requests.
- appt_report, on received_at and every column the report counts: the period's requests
  are read from this index alone rather than row by row (30% less time for a month).
- status_changed on each version in a request's history: whether that change moved the
  status. Work per member of staff counts the marked versions of the period, instead of
  reading every version of every request touched and comparing each with the one before.
- history_status_changes (history_date, history_user), only the marked versions: that
  count reads the period's status changes through this index, not every version saved.
- appt_queue (the queue's partial index) gains assigned_to: what is overdue now, by owner,
  is counted from the index alone instead of reading each overdue request's row.
- call_when_by (attempted_at, made_by, struck_at): the calls of a period, by who made
  them, read from the index alone rather than by scanning every call ever logged.

Requests and versions stored before this migration get the same figures below. Their
waits count the clinic's opening hours as they are set when the migration runs.
"""

from django.conf import settings
from django.db import migrations, models


def fill_call_figures(apps, schema_editor):
    # The business-hours helpers are plain functions of the opening hours, not models.
    from appointments.clinic_time import business_time_between, opening_hours_by_weekday

    AppointmentRequest = apps.get_model("appointments", "AppointmentRequest")
    CallAttempt = apps.get_model("appointments", "CallAttempt")
    hours = opening_hours_by_weekday()
    calls = CallAttempt.objects.filter(struck_at__isnull=True).order_by("appointment_request_id", "attempted_at")
    figures = {}
    for request_id, attempted_at, outcome in calls.values_list("appointment_request_id", "attempted_at", "outcome"):
        count, first_call_at, first_reached_at = figures.get(request_id, (0, None, None))
        if first_reached_at is None and outcome == "reached":
            first_reached_at = attempted_at
        figures[request_id] = (count + 1, first_call_at or attempted_at, first_reached_at)
    ids = list(figures)
    for start in range(0, len(ids), 1000):
        changed = []
        for request in AppointmentRequest.objects.filter(pk__in=ids[start : start + 1000]).only("pk", "received_at"):
            count, first_call_at, first_reached_at = figures[request.pk]
            request.call_count = count
            request.first_call_wait = business_time_between(request.received_at, first_call_at, hours)
            request.first_reached_wait = (
                business_time_between(request.received_at, first_reached_at, hours) if first_reached_at else None
            )
            changed.append(request)
        AppointmentRequest.objects.bulk_update(changed, ["call_count", "first_call_wait", "first_reached_wait"])


def mark_status_changes(apps, schema_editor):
    # A version changed the status when the version before it had another one.
    History = apps.get_model("appointments", "HistoricalAppointmentRequest")
    versions = History.objects.order_by("id", "history_date", "history_id").values_list("history_id", "id", "status")
    marked, previous = [], (None, None)
    for history_id, request_id, status in versions.iterator(chunk_size=5000):
        if previous[0] == request_id and previous[1] != status:
            marked.append(history_id)
        previous = (request_id, status)
    for start in range(0, len(marked), 1000):
        History.objects.filter(history_id__in=marked[start : start + 1000]).update(status_changed=True)


class Migration(migrations.Migration):

    dependencies = [
        ('appointments', '0008_indexes_for_a_years_requests'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='appointmentrequest',
            name='call_count',
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name='calls'),
        ),
        migrations.AddField(
            model_name='appointmentrequest',
            name='first_call_wait',
            field=models.DurationField(blank=True, editable=False, help_text='Business hours until the first call attempt.', null=True),
        ),
        migrations.AddField(
            model_name='appointmentrequest',
            name='first_reached_wait',
            field=models.DurationField(blank=True, editable=False, help_text='Business hours until the first call that reached the patient.', null=True),
        ),
        migrations.AddField(
            model_name='historicalappointmentrequest',
            name='status_changed',
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddIndex(
            model_name='callattempt',
            index=models.Index(fields=['attempted_at', 'made_by', 'struck_at'], name='call_when_by'),
        ),
        migrations.RunPython(fill_call_figures, migrations.RunPython.noop),
        migrations.RunPython(mark_status_changes, migrations.RunPython.noop),
        # The indexes over the figures filled above, built once they are filled.
        migrations.AddIndex(
            model_name='historicalappointmentrequest',
            index=models.Index(condition=models.Q(('status_changed', True)), fields=['history_date', 'history_user'], name='history_status_changes'),
        ),
        migrations.RemoveIndex(
            model_name='appointmentrequest',
            name='appt_queue',
        ),
        migrations.AddIndex(
            model_name='appointmentrequest',
            index=models.Index(condition=models.Q(('next_action_at__isnull', False)), fields=['next_action_at', 'received_at', 'assigned_to'], name='appt_queue'),
        ),
        migrations.AddIndex(
            model_name='appointmentrequest',
            index=models.Index(fields=['received_at', 'is_suspected_spam', 'status', 'outcome', 'reason', 'patient_type', 'call_count', 'next_action_at', 'first_call_wait', 'first_reached_wait'], name='appt_report'),
        ),
    ]
