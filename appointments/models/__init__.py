"""The appointments app's models, one module per concern; import them from here.

- request.py: ``AppointmentRequest``, what the patient sent and what staff record
- triage.py: its workflow: statuses, outcomes and the methods every change goes through
- queue.py: ``AppointmentRequest.objects``: the queue, soft holds, "take the next request"
- request_history.py: the request's history, each version marked when it moved the status
- calls_and_notes.py: ``CallAttempt`` and ``StaffNote``, the request page's timeline
- access_log.py: ``RequestAccess``, who read which request's patient data
- search_keys.py: ``SearchKey``, the keys staff's searches find a request by
- sent_digests.py: ``StaffDigest``, the days the staff digest went out
"""

from appointments.models.access_log import RequestAccess
from appointments.models.calls_and_notes import CallAttempt, StaffNote
from appointments.models.queue import DUPLICATE_WINDOW, HOLD_TIME
from appointments.models.request import REFERENCE_ALPHABET, AppointmentRequest, is_reference, new_reference
from appointments.models.search_keys import SearchKey
from appointments.models.sent_digests import StaffDigest
from appointments.models.triage import StaleRequestError, check_contact, check_status_outcome

__all__ = [
    "DUPLICATE_WINDOW",
    "HOLD_TIME",
    "REFERENCE_ALPHABET",
    "AppointmentRequest",
    "CallAttempt",
    "RequestAccess",
    "SearchKey",
    "StaffDigest",
    "StaffNote",
    "StaleRequestError",
    "check_contact",
    "check_status_outcome",
    "is_reference",
    "new_reference",
]
