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
