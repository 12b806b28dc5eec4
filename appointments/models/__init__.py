from appointments.models.request import *  # noqa: F403
