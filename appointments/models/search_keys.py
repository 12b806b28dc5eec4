"""The keys each request is found by: the table staff's searches read (appointments/search.py
builds the keys and searches them)."""

from django.db import models

# Keys are cut to this length, as searches for them are.
KEY_LENGTH = 100


class SearchKey(models.Model):
    """One key a request is found by (see appointments.search.search_keys_for).

    Searching is a range of this table's index ("keys starting with nun"), never a scan
    of every request: its cost does not grow with the number of requests stored.
    """

    appointment_request = models.ForeignKey(
        "AppointmentRequest", on_delete=models.CASCADE, related_name="search_keys"
    )
    key = models.CharField(max_length=KEY_LENGTH)

    class Meta:
        indexes = [models.Index(fields=["key", "appointment_request"], name="search_key_request")]

    def __str__(self):
        # The key itself is part of a name, a phone or an email: admin's delete
        # confirmation lists every search key by this.
        return f"Search key {self.pk}"

    @classmethod
    def for_request(cls, appointment_request):
        # Built where they are searched; that module reads this table, so it is imported
        # here, when a request is first stored, rather than when models load.
        from appointments.search import search_keys_for

        return [
            cls(appointment_request=appointment_request, key=key)
            for key in search_keys_for(appointment_request)
        ]
