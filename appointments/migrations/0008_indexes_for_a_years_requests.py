"""Indexes so the staff pages cost the same with a year of requests as on day one.

Measured with `make bench-admin` (500 against 50,000 requests, plans in bench/results/):

- appt_queue, now partial (next_action_at IS NOT NULL): the queue is a few hundred rows
  of a table that keeps growing. As a full index SQLite counted the queue by scanning
  the whole table (it cannot tell how many due times are empty); the partial index holds
  the queue only, so counting and ordering it read just those rows.
- appt_newest (received_at, id): "All" and any status other than the queue list the
  newest first, ordered by received_at then id (admin adds the id to make the order
  total). With this index the first page is read in order and the scan stops after it,
  instead of sorting every row.
- access_user_when (user, opened_at): the access log filtered by one person, newest
  first, without sorting everything that person ever read.
- SearchKey and search_key_request (key, request): search by the start of a name, email
  or reference, or any run of phone digits, as a range of this index. It replaces the
  search_text column, which was searched with LIKE '%...%', a scan of every request.
"""

import re
import unicodedata

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _key(text):
    decomposed = unicodedata.normalize("NFKD", text)
    folded = "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
    return re.sub(r"[^0-9a-z]", "", folded)


def fill_search_keys(apps, schema_editor):
    # A copy of search_keys_for (now in appointments/search.py) as it stood when this was written.
    AppointmentRequest = apps.get_model("appointments", "AppointmentRequest")
    SearchKey = apps.get_model("appointments", "SearchKey")
    batch = []
    for r in AppointmentRequest.objects.iterator():
        words = re.split(r"[\s\-'.]+", f"{r.first_name} {r.last_name}") + [r.first_name, r.last_name]
        keys = {_key(word) for word in words} | {_key(r.reference)}
        if r.email:
            keys |= {_key(r.email), _key(r.email.rpartition("@")[2])}
        digits = re.sub(r"\D", "", str(r.phone or ""))
        keys |= {digits[start:] for start in range(len(digits) - 2)}
        batch += [SearchKey(appointment_request_id=r.pk, key=key[:100]) for key in sorted(keys) if key]
        if len(batch) > 5000:
            SearchKey.objects.bulk_create(batch)
            batch = []
    SearchKey.objects.bulk_create(batch)


class Migration(migrations.Migration):

    dependencies = [
        ('appointments', '0007_staff_digest_and_requests_report'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchKey',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(max_length=100)),
            ],
        ),
        migrations.RemoveIndex(
            model_name='appointmentrequest',
            name='appt_queue',
        ),
        migrations.RemoveField(
            model_name='appointmentrequest',
            name='search_text',
        ),
        migrations.AddIndex(
            model_name='appointmentrequest',
            index=models.Index(condition=models.Q(('next_action_at__isnull', False)), fields=['next_action_at', 'received_at'], name='appt_queue'),
        ),
        migrations.AddIndex(
            model_name='appointmentrequest',
            index=models.Index(fields=['received_at', 'id'], name='appt_newest'),
        ),
        migrations.AddIndex(
            model_name='requestaccess',
            index=models.Index(fields=['user', 'opened_at'], name='access_user_when'),
        ),
        migrations.AddField(
            model_name='searchkey',
            name='appointment_request',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='search_keys', to='appointments.appointmentrequest'),
        ),
        migrations.AddIndex(
            model_name='searchkey',
            index=models.Index(fields=['key', 'appointment_request'], name='search_key_request'),
        ),
        migrations.RunPython(fill_search_keys, migrations.RunPython.noop),
    ]
