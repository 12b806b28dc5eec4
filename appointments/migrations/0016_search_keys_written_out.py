"""Search keys for names as they are also written: "Müller" is found as "Mueller" too.

Requests stored before get the keys they now lack: only those whose name has a letter
that is written out (ä, ö, ü, ß, æ, ø, å, œ), so the migration reads few rows.
"""

from functools import reduce
from operator import or_

from django.db import migrations
from django.db.models import Q

LETTERS = "äöüßæøåœÄÖÜÆØÅŒ"


def add_written_out_keys(apps, schema_editor):
    # The keys are a plain function of what the patient sent.
    from appointments.search import search_keys_for

    AppointmentRequest = apps.get_model("appointments", "AppointmentRequest")
    SearchKey = apps.get_model("appointments", "SearchKey")
    named = reduce(or_, (Q(first_name__contains=c) | Q(last_name__contains=c) for c in LETTERS))
    for request in AppointmentRequest.objects.filter(named).iterator(chunk_size=1000):
        present = set(SearchKey.objects.filter(appointment_request=request).values_list("key", flat=True))
        SearchKey.objects.bulk_create(
            SearchKey(appointment_request=request, key=key)
            for key in search_keys_for(request)
            if key not in present
        )


class Migration(migrations.Migration):

    dependencies = [
        ("appointments", "0015_contact_by_email_or_text_appointments_and_spam"),
    ]

    operations = [
        migrations.RunPython(add_written_out_keys, migrations.RunPython.noop),
    ]
