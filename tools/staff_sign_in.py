"""How a staff member is signed in to admin without typing a password: for the tests and the benchmarks.

The one place that knows what a signed-in staff session holds, so a new step at
sign-in (a second factor) is added here once and the tests and `make bench-admin`
follow it.
"""


def sign_in(client, user):
    """Sign ``user`` in to admin on Django's test ``client``; returns the client."""
    client.force_login(user)
    return client
