"""Every staff sign-in attempt is logged: who, and whether it succeeded (never a password)."""

import logging

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

signin_logger = logging.getLogger("practice.signins")


@receiver(user_logged_in)
def log_sign_in(sender, request, user, **kwargs):
    signin_logger.info("Sign-in succeeded for %s", user.get_username())


@receiver(user_login_failed)
def log_failed_sign_in(sender, credentials, request=None, **kwargs):
    # Credentials are already cleansed by Django; only the username is logged.
    signin_logger.warning("Sign-in failed for %s", credentials.get("username", "(none)"))
