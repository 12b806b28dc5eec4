"""The site as deployed: gunicorn with 3 workers, production settings, real sockets."""

import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from tools.servers import (
    LiveClient,
    gunicorn,
    manage,
    production_env,
    run_python,
    send_at_once,
    smtp_server,
)

pytestmark = pytest.mark.live

SUBMISSIONS = 200
CONCURRENT_CLIENTS = 16


def stored_references(path):
    with sqlite3.connect(path) as database:
        return [row[0] for row in database.execute("SELECT reference FROM appointments_appointmentrequest")]


def submit_many(port, count=SUBMISSIONS, clients=CONCURRENT_CLIENTS):
    def one(n):
        response = LiveClient(port).submit_appointment_request(last_name=f"Tester{n}")
        return response.status, response.header("Location")

    with ThreadPoolExecutor(max_workers=clients) as pool:
        return list(pool.map(one, range(count)))


def assert_every_submission_stored(results, database_path):
    statuses = [status for status, _location in results]
    assert statuses.count(302) == len(results), sorted(set(statuses))
    assert {location for _status, location in results} == {"/request-appointment/thanks/"}
    references = stored_references(database_path)
    assert len(references) == len(results)
    assert len(set(references)) == len(references)


def test_concurrent_submissions_are_all_stored(sqlite_database):
    url, path = sqlite_database
    with (
        smtp_server() as (smtp_port, messages),
        gunicorn(production_env(url, EMAIL_HOST="127.0.0.1", EMAIL_PORT=smtp_port)) as (port, log),
    ):
        results = submit_many(port)
    assert_every_submission_stored(results, path)
    # Every staff notification went out, none with the patient's name in it.
    staff = [m for m in messages if m.rcpt_tos == ["frontdesk@clinic.test"]]
    assert len(staff) == SUBMISSIONS
    assert not any(b"Tester" in m.content for m in messages)
    assert not any(b" 500 " in line for line in log)


def test_concurrent_submissions_are_all_stored_with_the_mail_server_down(sqlite_database):
    url, path = sqlite_database
    # Nothing listens on port 9 (discard) on loopback: every connection is refused.
    env = production_env(url, EMAIL_HOST="127.0.0.1", EMAIL_PORT=9)
    with gunicorn(env) as (port, _log):
        results = submit_many(port)
    assert_every_submission_stored(results, path)
    with sqlite3.connect(path) as database:
        unsent = database.execute(
            "SELECT COUNT(*) FROM appointments_appointmentrequest WHERE staff_notified_at IS NULL"
        ).fetchone()[0]
    assert unsent == SUBMISSIONS


def test_requests_sent_at_the_same_moment_stay_within_the_rate_limit(sqlite_database):
    url, path = sqlite_database
    # As many workers as posts, so that they are all handled at once.
    with gunicorn(production_env(url, APPOINTMENT_RATE_LIMIT="5/h"), workers=12) as (port, _log):
        statuses = send_at_once([LiveClient(port) for _ in range(12)])
    assert sorted(statuses) == [302] * 5 + [429] * 7
    assert len(stored_references(path)) == 5


def test_headers_and_cookies_as_deployed_behind_tls(sqlite_database):
    url, _path = sqlite_database
    with gunicorn(production_env(url), workers=1) as (port, _log):
        client = LiveClient(port)
        page = client.get("/")
        assert page.status == 200
        assert page.header("Strict-Transport-Security").startswith("max-age=31536000")
        assert "default-src 'self'" in page.header("Content-Security-Policy")
        form = client.get("/request-appointment/")
        csrf_cookie = form.header("Set-Cookie")
        assert "Secure" in csrf_cookie
        assert "SameSite=Lax" in csrf_cookie
        response = client.submit_appointment_request()
        assert response.status == 302
        session_cookie = next(
            value for value in response.all_headers("Set-Cookie") if value.startswith("__Host-sessionid=")
        )
        for attribute in ("Secure", "HttpOnly", "SameSite=Lax", "Path=/"):
            assert attribute in session_cookie
        assert "Domain" not in session_cookie
        # Plain HTTP (no proxy header) is sent to HTTPS.
        plain = LiveClient(port).request("GET", "/about/", headers={"X-Forwarded-Proto": "http"})
        assert plain.status == 301
        assert plain.header("Location") == f"https://127.0.0.1:{port}/about/"
        static = client.get("/static/css/site.css")
        assert static.status == 404  # only hashed names are served in production...
        home = page.body.decode()
        hashed = home.split('href="/static/css/site.')[1].split('"')[0]
        cached = client.get(f"/static/css/site.{hashed}")
        assert cached.status == 200
        assert "immutable" in cached.header("Cache-Control")  # ...and cached for a year


def test_backup_taken_during_submissions_holds_every_earlier_request(sqlite_database, tmp_path):
    url, path = sqlite_database
    env = production_env(url, EMAIL_HOST="127.0.0.1", EMAIL_PORT=9)
    backup = tmp_path / "backup.sqlite3"
    with gunicorn(env) as (port, _log):
        submit_many(port, count=40)
        before = set(stored_references(path))
        background = threading.Thread(target=submit_many, args=(port, 80, 8))
        background.start()
        result = run_python("manage.py", "backup_database", str(backup), env=env, timeout=120)
        background.join()
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(backup) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        in_backup = {row[0] for row in copy.execute("SELECT reference FROM appointments_appointmentrequest")}
    assert before <= in_backup
    assert len(before) == 40
    assert len(stored_references(path)) == 120


def test_page_views_across_workers_are_all_counted_after_a_flush(sqlite_database):
    url, path = sqlite_database
    article = "/blog/failed-back-surgery-do-this-now/"
    # Counts stay in each worker's memory until the worker exits and flushes them.
    env = production_env(url, ANALYTICS_FLUSH_SECONDS=3600)
    browser = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36"}

    def view(_n):
        return LiveClient(port, headers=browser).get(article).status

    with gunicorn(env) as (port, _log), ThreadPoolExecutor(max_workers=CONCURRENT_CLIENTS) as pool:
        statuses = list(pool.map(view, range(150)))
    assert statuses == [200] * 150
    with sqlite3.connect(path) as database:
        counted = database.execute(
            "SELECT SUM(views) FROM analytics_pageview WHERE path = ?", [article]
        ).fetchone()[0]
        others = database.execute(
            "SELECT COUNT(*) FROM analytics_pageview WHERE path != ?", [article]
        ).fetchone()[0]
    assert counted == 150
    assert others == 0  # the health checks made while starting are not counted


def test_each_worker_writes_its_counts_from_a_thread_while_it_serves(sqlite_database):
    url, path = sqlite_database
    article = "/blog/failed-back-surgery-do-this-now/"
    env = production_env(url, ANALYTICS_FLUSH_SECONDS=1)
    browser = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36"}

    def counted():
        with sqlite3.connect(path) as database:
            query = "SELECT COALESCE(SUM(views), 0) FROM analytics_pageview WHERE path = ?"
            return database.execute(query, [article]).fetchone()[0]

    with gunicorn(env) as (port, _log):
        for _ in range(30):
            assert LiveClient(port, headers=browser).get(article).status == 200
        # No further request arrives: only the workers' own threads can write the counts.
        deadline = time.monotonic() + 15
        while counted() < 30 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert counted() == 30


STAFF_PASSWORD = "a-long-staff-password-for-tests"


def signed_in_with_password_only(port, env):
    """A staff member's browser after the password step, before the code (a stolen password)."""
    manage(env, "createsuperuser", "--noinput", "--username", "manager", "--email", "m@clinic.test")
    manage(env, "enrol_second_factor", "manager")
    client = LiveClient(port)
    page = client.get("/admin/login/").body.decode()
    response = client.post_form(
        "/admin/login/?next=/admin/", page, {"username": "manager", "password": STAFF_PASSWORD}
    )
    assert response.status == 302
    return client


def test_a_forwarded_script_name_reaches_no_patient_with_a_password_alone(sqlite_database):
    url, path = sqlite_database
    env = production_env(url, DJANGO_SUPERUSER_PASSWORD=STAFF_PASSWORD)
    with gunicorn(env, workers=1) as (port, _log):
        assert LiveClient(port).submit_appointment_request(last_name="Lopez").status == 302
        with sqlite3.connect(path) as database:
            (pk,) = database.execute("SELECT id FROM appointments_appointmentrequest").fetchone()
        client = signed_in_with_password_only(port, env)
        change = f"/admin/appointments/appointmentrequest/{pk}/change/"
        assert b"Lopez" not in client.get(change).body
        forged = client.request("GET", "/x" + change, headers={"SCRIPT_NAME": "/x"})
        assert forged.status != 200
        assert b"Lopez" not in forged.body
        # gunicorn itself believes no such header, even from its own proxy's address.
        assert LiveClient(port).request("GET", "/x/healthz", headers={"SCRIPT_NAME": "/x"}).status == 404
