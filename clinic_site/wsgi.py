import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic_site.settings")

application = get_wsgi_application()

# Each server process writes its analytics counts from a thread of its own, never
# while a visitor waits.
from analytics import counter  # noqa: E402

counter.start_flushing()
