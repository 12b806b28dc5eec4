from appointments.admin import request_page  # noqa: F401
