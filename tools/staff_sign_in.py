"""How `make bench-admin` signs a staff member in to admin without typing a password.

The same steps as tests.helpers.sign_in (which the benchmarks may not import): when
staff sign-in gains a step, both change together. A bench page that answers anything
but 200 stops the run with the page's status, so a missed step cannot go unnoticed.
"""


def sign_in(client, user):
    """Sign ``user`` in to admin on Django's test ``client``; returns the client."""
    client.force_login(user)
    return client
