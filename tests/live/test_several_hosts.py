"""Two app hosts sharing one PostgreSQL and one Redis, as in a production cluster."""

import re
from base64 import b32decode
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
from django_otp.oath import totp

from tests.postgres import postgres_cluster
from tools.servers import LiveClient, gunicorn, manage, production_env, redis_server, send_at_once

pytestmark = pytest.mark.live


@pytest.fixture(scope="module")
def shared_backends(collected_static):
    """Started once for this module: the tests below use distinct client addresses."""
    with postgres_cluster() as database_url, redis_server() as redis_url:
        env = production_env(
            database_url,
            REDIS_URL=redis_url,
            # Behind the proxy, the client address arrives in a header.
            CLIENT_IP_META_KEY="HTTP_X_REAL_IP",
            APPOINTMENT_RATE_LIMIT="3/h",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=9,
            DJANGO_SUPERUSER_PASSWORD="a-long-staff-password-for-tests",
        )
        manage(env, "migrate", "--noinput")
        manage(env, "createsuperuser", "--noinput", "--username", "manager", "--email", "m@clinic.test")
        enrolment = manage(env, "enrol_second_factor", "manager").stdout
        secret = re.search(r"^Secret: ([A-Z2-7 ]+)$", enrolment, re.MULTILINE).group(1)
        with gunicorn(env, workers=2) as (port_a, _), gunicorn(env, workers=2) as (port_b, _):
            yield database_url, port_a, port_b, b32decode(secret.replace(" ", ""))


def count_requests(database_url):
    with psycopg.connect(database_url) as connection:
        return connection.execute(
            "SELECT COUNT(*), COUNT(DISTINCT reference) FROM appointments_appointmentrequest"
        ).fetchone()


def test_submissions_spread_across_two_hosts_are_all_stored(shared_backends):
    database_url, port_a, port_b, _key = shared_backends

    def submit(n):
        client = LiveClient(port_a if n % 2 else port_b, headers={"X-Real-IP": f"198.51.100.{n}"})
        return client.submit_appointment_request(last_name=f"Host{n}").status

    before, _ = count_requests(database_url)
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(submit, range(40)))
    assert statuses == [302] * 40
    total, distinct_references = count_requests(database_url)
    assert total == before + 40
    assert distinct_references == total


def test_rate_limit_counts_across_both_hosts(shared_backends):
    _database_url, port_a, port_b, _key = shared_backends
    statuses = []
    for port in (port_a, port_b, port_a, port_b):
        client = LiveClient(port, headers={"X-Real-IP": "203.0.113.50"})
        statuses.append(client.submit_appointment_request().status)
    assert statuses == [302, 302, 302, 429]


def test_requests_sent_at_the_same_moment_to_both_hosts_stay_within_the_rate_limit(shared_backends):
    database_url, port_a, port_b, _key = shared_backends
    clients = [
        LiveClient(port_a if n % 2 else port_b, headers={"X-Real-IP": "203.0.113.60"}) for n in range(8)
    ]
    before, _ = count_requests(database_url)
    statuses = send_at_once(clients)
    assert sorted(statuses) == [302] * 3 + [429] * 5
    assert count_requests(database_url)[0] == before + 3


def test_a_staff_session_made_on_one_host_works_on_the_other(shared_backends):
    _database_url, port_a, port_b, key = shared_backends
    staff = LiveClient(port_a)
    login_page = staff.get("/admin/login/").body.decode()
    response = staff.post_form(
        "/admin/login/?next=/admin/",
        login_page,
        {"username": "manager", "password": "a-long-staff-password-for-tests", "next": "/admin/"},
    )
    assert response.status == 302
    # The password alone opens nothing; the code from the authenticator app does.
    second_step = staff.get("/admin/")
    assert second_step.status == 302
    verify_url = second_step.header("Location")
    assert "/second-factor/verify/" in verify_url
    response = staff.post_form(verify_url, staff.get(verify_url).body.decode(), {"code": f"{totp(key):06d}"})
    assert response.status == 302
    staff.port = port_b
    admin = staff.get("/admin/")
    assert admin.status == 200
    assert "Appointment requests" in admin.body.decode()
