"""How a staff member is signed in to admin without typing a password or a code.

Shared by the tests (through tests.helpers) and `make bench-admin`, which may not import
the tests: when staff sign-in gains a step, it is added here once.
"""

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice


def authenticator(user):
    """The staff member's confirmed authenticator app, set up for them if they have none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def sign_in(client, user):
    """Sign ``user`` in to admin on Django's test ``client``; returns the client.

    The session counts as having given the second factor, as django-otp marks it after a code.
    """
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = authenticator(user).persistent_id
    session.save()
    return client
