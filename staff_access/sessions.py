"""Ending a staff member's sessions, wherever they are open (staff sessions live in the database)."""

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.utils import timezone


def end_sessions_of(user):
    """Delete every unexpired session signed in as ``user``; returns how many ended.

    Sessions last ADMIN_SESSION_IDLE_MINUTES without activity, so the unexpired ones are
    the few of the last half hour or so.
    """
    signed_in_as_user = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get(SESSION_KEY) == str(user.pk)
    ]
    return Session.objects.filter(pk__in=signed_in_as_user).delete()[0]
