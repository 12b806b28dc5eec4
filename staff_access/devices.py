"""Staff members' second-factor devices: an authenticator app and a sheet of recovery codes.

Setting them up, issuing codes and resetting them; each sign-in's code is checked by the
code step's form (forms.SignInCodeForm).
"""

import logging
from base64 import b32encode

import segno
from django.db import transaction
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from staff_access import code_lock
from staff_access.models import SecondFactorReset
from staff_access.sessions import end_sessions_of

logger = logging.getLogger("staff_access")

AUTHENTICATOR = "Authenticator app"
RECOVERY_CODES = "Recovery codes"
RECOVERY_CODE_COUNT = 10


def has_authenticator(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def is_enrolled(user):
    return user_has_device(user, confirmed=True)


# The session that is setting up an authenticator keeps its id here: the key it shows
# is this session's alone.
AUTHENTICATOR_BEING_SET_UP = "staff_access_authenticator_being_set_up"


def new_authenticator(user):
    """A new key for ``user``'s authenticator, not yet confirmed; any other unconfirmed key
    (one shown to another session, perhaps someone else's) stops working."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name=AUTHENTICATOR, confirmed=False)


def authenticator_being_set_up(request):
    """The unconfirmed authenticator this session showed, or None if it has none (or another
    session has since started a set-up, which voids it)."""
    pk = request.session.get(AUTHENTICATOR_BEING_SET_UP)
    if pk is None:
        return None
    return TOTPDevice.objects.filter(pk=pk, user=request.user, confirmed=False).first()


def start_setting_up(request):
    """A fresh key for this session to show: never one another session may have seen."""
    device = new_authenticator(request.user)
    request.session[AUTHENTICATOR_BEING_SET_UP] = device.pk
    return device


def void_set_up(request):
    """This session's key stops working (the session is ending)."""
    pk = request.session.pop(AUTHENTICATOR_BEING_SET_UP, None)
    if pk is not None:
        TOTPDevice.objects.filter(pk=pk, confirmed=False).delete()


def secret_text(device):
    """The key as authenticator apps take it when typed: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_data_uri(device):
    """The set-up link as a QR code, drawn here as SVG: no image service sees the secret."""
    # A white background of its own, so that it scans in admin's dark theme too.
    return segno.make(device.config_url, error="m").svg_data_uri(
        scale=5, border=4, dark="black", light="white"
    )


def issue_recovery_codes(user):
    """A new sheet of single-use recovery codes; any earlier sheet stops working."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_CODES, defaults={"confirmed": True}
    )
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    with transaction.atomic():
        device.token_set.all().delete()
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def remaining_recovery_codes(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def confirm_authenticator(device, code):
    """Confirm a new authenticator with a code it shows (as the code form cleans it);
    returns its recovery codes, or None."""
    if not device.verify_token(code):
        return None
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    logger.info("Second factor enrolled for %s", device.user.get_username())
    return issue_recovery_codes(device.user)


def reset_second_factor(user, reset_by):
    """Remove every device of ``user``, end every session they have open and clear their
    wrong codes, so that they sign in and enrol again (nobody holding one of their
    sessions can); recorded."""
    with transaction.atomic():
        for model in (TOTPDevice, StaticDevice):
            model.objects.filter(user=user).delete()
        end_sessions_of(user)
        code_lock.clear(user)
        record = SecondFactorReset.objects.create(staff_member=user.get_username(), reset_by=reset_by)
    logger.info("Second factor of %s reset by %s", record.staff_member, record.reset_by)
    return record
