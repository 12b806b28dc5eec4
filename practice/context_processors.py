from django.conf import settings

from practice.clinic import Clinic


def clinic(request):
    """The practice's facts for every template, so none of them hard-codes them."""
    return {"clinic": Clinic.from_settings(), "site_url": settings.SITE_URL}
