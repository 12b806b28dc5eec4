"""Staff members' second-factor devices: an authenticator app and a sheet of recovery codes.

Setting them up (with a set-up code from a practice manager), issuing codes and resetting
them; each sign-in's code is checked by the code step's form (forms.SignInCodeForm).
"""

import logging
import secrets
from base64 import b32encode
from datetime import timedelta

import segno
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.views.decorators.debug import sensitive_variables
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from staff_access import code_lock
from staff_access.models import SecondFactorReset, SetUpCode
from staff_access.sessions import end_sessions_of

logger = logging.getLogger("staff_access")

AUTHENTICATOR = "Authenticator app"
RECOVERY_CODES = "Recovery codes"
RECOVERY_CODE_COUNT = 10


def has_authenticator(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def is_enrolled(user):
    return user_has_device(user, confirmed=True)


# A set-up code is handed over in person or by phone, and typed within days; its letters
# leave out those read wrong for others (0 and o, 1, l and i). 12 of them: about 59 bits.
SET_UP_CODE_LASTS = timedelta(days=3)
SET_UP_CODE_LETTERS = "abcdefghjkmnpqrstuvwxyz23456789"
SET_UP_CODE_LENGTH = 12
# The session that gave the person's set-up code keeps the code's id here: that session,
# and only it, may set up an authenticator.
SET_UP_CODE_ACCEPTED = "staff_access_set_up_code_accepted"


def set_up_code_hash(code):
    """The code (as the code form cleans it) as it is kept: keyed with the site's secret key.

    A fast hash is enough for a random code of 59 bits (a password's slow hash is for words
    people choose), and it makes every guess cost the same, code or no code.
    """
    return salted_hmac("staff_access.set_up_code", code, algorithm="sha256").hexdigest()


@sensitive_variables("code")
def issue_set_up_code(user, issued_by):
    """A new set-up code for ``user`` (any earlier one stops working), as it is handed over:
    "abcd-efgh-jkmn". Only its hash is kept."""
    code = "".join(secrets.choice(SET_UP_CODE_LETTERS) for _ in range(SET_UP_CODE_LENGTH))
    with transaction.atomic():
        # A new row, not the old one updated: a session that gave the old code holds an id
        # that no longer matches (may_set_up).
        SetUpCode.objects.filter(user=user).delete()
        SetUpCode.objects.create(
            user=user, code_hash=set_up_code_hash(code), issued_by=issued_by, issued_at=timezone.now()
        )
    logger.info("Set-up code issued to %s by %s", user.get_username(), issued_by)
    return "-".join(code[i : i + 4] for i in range(0, SET_UP_CODE_LENGTH, 4))


def current_set_up_code(user):
    """``user``'s set-up code if it has not run out, or None."""
    return SetUpCode.objects.filter(user=user, issued_at__gt=timezone.now() - SET_UP_CODE_LASTS).first()


@sensitive_variables("code")
def accept_set_up_code(request, code):
    """Whether ``code`` (as the code form cleans it) is the signed-in person's set-up code;
    if it is, this session may set up an authenticator."""
    entry = current_set_up_code(request.user)
    matches = constant_time_compare(set_up_code_hash(code), entry.code_hash if entry else "")
    if not matches:
        return False
    request.session[SET_UP_CODE_ACCEPTED] = entry.pk
    return True


def use_up_set_up_code(user):
    """The person has an authenticator now: their set-up code is spent."""
    SetUpCode.objects.filter(user=user).delete()


def may_set_up(request):
    """Whether this session gave the person's set-up code, and the code still holds."""
    entry = current_set_up_code(request.user)
    return entry is not None and request.session.get(SET_UP_CODE_ACCEPTED) == entry.pk


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
        use_up_set_up_code(device.user)
    logger.info("Second factor enrolled for %s", device.user.get_username())
    return issue_recovery_codes(device.user)


def reset_second_factor(user, reset_by):
    """Remove every device of ``user``, end every session they have open, clear their wrong
    codes and issue them a set-up code, so that they sign in and enrol again with it
    (nobody holding one of their sessions, or only their password, can); recorded.

    Also how a new colleague gets their first set-up code. The code is returned on the
    record, as ``set_up_code``, to be shown once to whoever reset.
    """
    with transaction.atomic():
        # One reset of a person at a time (two managers at once, or a manager and the shell).
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        for model in (TOTPDevice, StaticDevice):
            model.objects.filter(user=user).delete()
        end_sessions_of(user)
        code_lock.clear(user)
        record = SecondFactorReset.objects.create(staff_member=user.get_username(), reset_by=reset_by)
        record.set_up_code = issue_set_up_code(user, reset_by)
    logger.info("Second factor of %s reset by %s", record.staff_member, record.reset_by)
    return record
