from django.conf import settings
from django.db import models


class SecondFactorReset(models.Model):
    """A staff member's second factor taken away, so that they enrol again: who, by whom, when.

    Names are kept as text so the record outlives the accounts it names.
    """

    FROM_THE_SHELL = "(command line)"

    staff_member = models.CharField("staff member", max_length=150)
    reset_by = models.CharField("reset by", max_length=150)
    reset_at = models.DateTimeField("reset at", auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-reset_at"]
        verbose_name = "second-factor reset"

    def __str__(self):
        return f"{self.staff_member}, reset by {self.reset_by}"


class WrongCodes(models.Model):
    """Wrong codes given for a staff member at the code step, from any address.

    Counted apart from wrong passwords: a correct password clears those, never these; only
    a correct code (or a quiet spell as long as the lock-out) does.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    count = models.PositiveIntegerField(default=0)
    last_at = models.DateTimeField("last wrong code at")

    class Meta:
        verbose_name = "wrong codes"
        verbose_name_plural = "wrong codes"

    def __str__(self):
        return f"{self.count} wrong code(s) for {self.user}"


class SetUpCode(models.Model):
    """The one-time code a practice manager hands a colleague, in person or by phone, so
    that they can set up their authenticator app: their password alone cannot.

    Only a keyed hash of it is kept (``devices.set_up_code_hash``); it lasts
    ``devices.SET_UP_CODE_LASTS`` and is used up when the app is set up. A new one replaces
    the old.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    code_hash = models.CharField(max_length=256)
    issued_by = models.CharField("issued by", max_length=150)
    issued_at = models.DateTimeField("issued at")

    class Meta:
        verbose_name = "set-up code"

    def __str__(self):
        return f"Set-up code for {self.user}, issued by {self.issued_by}"
