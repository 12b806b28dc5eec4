"""What staff search by, kept on each row; the access log says how each request was read.

appt_email_lower (LOWER(email)): the same-contact rule matches emails in any case,
for one request's page and for the rows of one list page, without a table scan.
"""

import django.db.models.functions.text
from django.conf import settings
import re
import unicodedata

from django.db import migrations, models


def _fold(text):
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def fill_search_text(apps, schema_editor):
    # A copy of appointments.search.search_text_for as it stood when this was written.
    AppointmentRequest = apps.get_model("appointments", "AppointmentRequest")
    for r in AppointmentRequest.objects.iterator():
        digits = re.sub(r"\D", "", str(r.phone or ""))
        parts = [_fold(r.first_name), _fold(r.last_name), digits, r.email.lower()]
        AppointmentRequest.objects.filter(pk=r.pk).update(search_text=" ".join(filter(None, parts)))


class Migration(migrations.Migration):

    dependencies = [
        ('appointments', '0004_staff_workspace_permissions'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='appointmentrequest',
            name='search_text',
            field=models.CharField(blank=True, editable=False, max_length=400),
        ),
        migrations.AddField(
            model_name='requestaccess',
            name='kind',
            field=models.CharField(choices=[('page', 'Request page'), ('history', 'History'), ('version', 'Past version'), ('export', 'CSV export')], default='page', max_length=10),
        ),
        migrations.AddIndex(
            model_name='appointmentrequest',
            index=models.Index(django.db.models.functions.text.Lower('email'), name='appt_email_lower'),
        ),
            migrations.RunPython(fill_search_text, migrations.RunPython.noop),
    ]
