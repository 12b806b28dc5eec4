"""The front desk's workspace: owners, due times, versions, notes as entries, struck calls.

Each request's single ``staff_notes`` text becomes its first note (author: whoever
last handled it), and open requests get a due time, before the old field goes.

Indexes, and why each exists:
- appt_queue (next_action_at, received_at): the default list is the queue, "due time
  set, earliest first"; this index serves its filter and its order, so the list reads
  one page of rows however many requests are stored.
- appt_owner_queue (assigned_to, next_action_at): "My queue", the same for one owner.
- call_request_when / note_request_when: a request's calls and notes in time order,
  for its page and for the figures the list shows for the rows of one page.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from datetime import timedelta

from django.db import migrations, models
from django.utils import timezone


def _one_business_day_after(moment):
    # A copy of the rule as it stood when this migration was written.
    moment = timezone.localtime(moment)
    while moment.weekday() >= 5:
        moment += timedelta(days=1)
    moment += timedelta(days=1)
    while moment.weekday() >= 5:
        moment += timedelta(days=1)
    return moment


def carry_notes_over_and_set_due_times(apps, schema_editor):
    AppointmentRequest = apps.get_model("appointments", "AppointmentRequest")
    StaffNote = apps.get_model("appointments", "StaffNote")
    CallAttempt = apps.get_model("appointments", "CallAttempt")
    for request in AppointmentRequest.objects.exclude(staff_notes="").iterator():
        StaffNote.objects.create(
            appointment_request=request,
            author_id=request.handled_by_id,
            written_at=request.status_changed_at or request.received_at,
            text=request.staff_notes,
        )
    open_requests = AppointmentRequest.objects.filter(
        is_suspected_spam=False, status__in=["new", "contacted"]
    )
    for request in open_requests.iterator():
        last_call = CallAttempt.objects.filter(appointment_request=request).order_by("-attempted_at").first()
        moments = [request.received_at, request.status_changed_at, last_call and last_call.attempted_at]
        request.next_action_at = _one_business_day_after(max(m for m in moments if m))
        request.save(update_fields=["next_action_at"])


class Migration(migrations.Migration):

    dependencies = [
        ('appointments', '0002_staff_groups_and_rate_limit_table'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='StaffNote',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('written_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('text', models.TextField(max_length=2000)),
            ],
            options={
                'ordering': ['written_at'],
            },
        ),
        migrations.AddField(
            model_name='appointmentrequest',
            name='assigned_to',
            field=models.ForeignKey(blank=True, editable=False, help_text='Who looks after the request until it is scheduled or closed.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='owner'),
        ),
        migrations.AddField(
            model_name='appointmentrequest',
            name='next_action_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='next action due'),
        ),
        migrations.AddField(
            model_name='appointmentrequest',
            name='version',
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.AddField(
            model_name='callattempt',
            name='struck_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='callattempt',
            name='struck_by',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalappointmentrequest',
            name='assigned_to',
            field=models.ForeignKey(blank=True, db_constraint=False, editable=False, help_text='Who looks after the request until it is scheduled or closed.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='owner'),
        ),
        migrations.AddField(
            model_name='historicalappointmentrequest',
            name='next_action_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='next action due'),
        ),
        migrations.AddField(
            model_name='historicalappointmentrequest',
            name='version',
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.AddField(
            model_name='historicalcallattempt',
            name='struck_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='historicalcallattempt',
            name='struck_by',
            field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AlterField(
            model_name='appointmentrequest',
            name='handled_by',
            field=models.ForeignKey(blank=True, editable=False, help_text='Who last acted on the request.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AlterField(
            model_name='appointmentrequest',
            name='outcome',
            field=models.CharField(blank=True, choices=[('booked_elsewhere', 'Booked elsewhere'), ('could_not_reach', 'Could not reach'), ('not_a_candidate', 'Not a candidate'), ('duplicate', 'Duplicate'), ('other', 'Other')], editable=False, help_text='Why the request was closed.', max_length=20),
        ),
        migrations.AlterField(
            model_name='appointmentrequest',
            name='status',
            field=models.CharField(choices=[('new', 'New'), ('contacted', 'Contacted'), ('scheduled', 'Scheduled'), ('closed', 'Closed')], default='new', editable=False, max_length=10),
        ),
        migrations.AlterField(
            model_name='callattempt',
            name='note',
            field=models.TextField(blank=True, max_length=2000),
        ),
        migrations.AlterField(
            model_name='historicalappointmentrequest',
            name='handled_by',
            field=models.ForeignKey(blank=True, db_constraint=False, editable=False, help_text='Who last acted on the request.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AlterField(
            model_name='historicalappointmentrequest',
            name='outcome',
            field=models.CharField(blank=True, choices=[('booked_elsewhere', 'Booked elsewhere'), ('could_not_reach', 'Could not reach'), ('not_a_candidate', 'Not a candidate'), ('duplicate', 'Duplicate'), ('other', 'Other')], editable=False, help_text='Why the request was closed.', max_length=20),
        ),
        migrations.AlterField(
            model_name='historicalappointmentrequest',
            name='status',
            field=models.CharField(choices=[('new', 'New'), ('contacted', 'Contacted'), ('scheduled', 'Scheduled'), ('closed', 'Closed')], default='new', editable=False, max_length=10),
        ),
        migrations.AlterField(
            model_name='historicalcallattempt',
            name='note',
            field=models.TextField(blank=True, max_length=2000),
        ),
        migrations.AddIndex(
            model_name='appointmentrequest',
            index=models.Index(fields=['next_action_at', 'received_at'], name='appt_queue'),
        ),
        migrations.AddIndex(
            model_name='appointmentrequest',
            index=models.Index(fields=['assigned_to', 'next_action_at'], name='appt_owner_queue'),
        ),
        migrations.AddIndex(
            model_name='callattempt',
            index=models.Index(fields=['appointment_request', 'attempted_at'], name='call_request_when'),
        ),
        migrations.AddField(
            model_name='staffnote',
            name='appointment_request',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notes', to='appointments.appointmentrequest'),
        ),
        migrations.AddField(
            model_name='staffnote',
            name='author',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddIndex(
            model_name='staffnote',
            index=models.Index(fields=['appointment_request', 'written_at'], name='note_request_when'),
        ),
            migrations.RunPython(carry_notes_over_and_set_due_times, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='appointmentrequest',
            name='staff_notes',
        ),
        migrations.RemoveField(
            model_name='historicalappointmentrequest',
            name='staff_notes',
        ),
    ]
