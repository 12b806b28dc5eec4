"""Staff's side of appointment requests in Django admin, one module per page or concern.

- request_admin.py: ``AppointmentRequestAdmin``, assembled from the modules below, and its URLs
- changelist.py: the request list (the queue), its columns and per-row figures
- filters.py: the list's filters (needs action, due, owner, handled by, language, spam...)
- request_page.py: one request's page: the call panel, the timeline, save and open the next
- triage_forms.py: the forms on those pages (the call panel's, and "Close selected")
- bulk_actions.py: the list's actions: assign, contacted, spam, close, CSV exports
- history_pages.py: a request's history and past versions; what the team did today
- audit.py: the access-log rows every page showing a patient's data writes
- access_log.py: the access log itself, for practice managers
- report_page.py: the requests report page and its CSV
"""

from appointments.admin import access_log, request_admin  # noqa: F401 - they register the admins
