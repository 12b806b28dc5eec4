"""The production front door as shipped in deploy/: Debian's nginx with the site rendered from
deploy/nginx/clinic.conf, in front of gunicorn started by the command line of
deploy/systemd/clinic-web.service, with the client-address settings of deploy/clinic.env."""

import contextlib
import http.client
import shlex
import shutil
import socket
import sqlite3
import ssl
import subprocess
import time

import pytest

from deploy import render, stack
from tools.servers import PROJECT_DIR, LiveClient, free_port, gunicorn, manage, production_env

pytestmark = pytest.mark.live

STAFF_PASSWORD = "a-long-staff-password-for-tests"
LOCKOUT_FAILURES = 3
SLOW_CLIENTS = 64


class ProxyClient(LiveClient):
    """A browser reaching the site over HTTPS through nginx, from its own loopback address
    (127.0.0.0/8 is all loopback), so each client has an address nginx tells apart."""

    def __init__(self, door, source="127.0.0.1", headers=None, timeout=60):
        super().__init__(door.https_port, headers=headers)
        self.door = door
        self.source = source
        self.timeout = timeout

    def connection(self):
        return http.client.HTTPSConnection(
            "127.0.0.1",
            self.port,
            timeout=self.timeout,
            context=self.door.tls_context(),
            source_address=(self.source, 0),
        )


class CurlResponse:
    def __init__(self, raw):
        head, _blank, self.body = raw.partition(b"\r\n\r\n")
        status_line, *lines = head.decode("latin-1").split("\r\n")
        self.version, status = status_line.split()[:2]
        self.status = int(status)
        self.headers = [tuple(part.strip() for part in line.split(":", 1)) for line in lines]

    def getheaders(self):
        return self.headers

    def read(self):
        return self.body


class CurlConnection:
    """http.client's connection interface over curl, which speaks HTTP/2 as browsers do."""

    def __init__(self, client):
        self.client = client
        self.response = None

    def request(self, method, path, body=None, headers=None):
        door = self.client.door
        command = ["curl", "--silent", "--show-error", "--include", "--http2", "--max-time", "30"]
        command += ["--cacert", str(door.certificate), "--interface", self.client.source, "-X", method]
        for name, value in (headers or {}).items():
            command += ["-H", f"{name}: {value}"]
        if body is not None:
            command += ["--data-binary", "@-"]
        url = f"https://127.0.0.1:{door.https_port}{path}"
        body = body.encode() if isinstance(body, str) else body
        result = subprocess.run([*command, url], input=body, capture_output=True, check=True, timeout=60)
        self.response = CurlResponse(result.stdout)
        self.client.connection_version = self.response.version

    def getresponse(self):
        return self.response

    def close(self):
        pass


class Http2Client(ProxyClient):
    def connection(self):
        return CurlConnection(self)


class FrontDoor:
    def __init__(self, run_dir, database_path):
        self.run_dir = run_dir
        self.database_path = database_path
        self.https_port = free_port()
        self.http_port = free_port()
        self.certificate, self.key = stack.self_signed_certificate(run_dir)
        self.acme_root = run_dir / "acme"

    def tls_context(self):
        return ssl.create_default_context(cafile=str(self.certificate))

    def stored_requests(self):
        with sqlite3.connect(self.database_path) as database:
            return database.execute("SELECT COUNT(*) FROM appointments_appointmentrequest").fetchone()[0]


def unit_command(unit_file):
    """ExecStart= of a rendered systemd unit, as an argument list."""
    for line in unit_file.read_text().splitlines():
        if line.startswith("ExecStart="):
            return shlex.split(line.removeprefix("ExecStart="))
    raise AssertionError(f"{unit_file} has no ExecStart")


def shipped_environment(database_url, **extra):
    """Test settings, with the client-address settings exactly as deploy/clinic.env ships them."""
    shipped = stack.read_env_file()
    return production_env(
        database_url,
        CLIENT_IP_META_KEY=shipped["CLIENT_IP_META_KEY"],
        TRUSTED_PROXY_IPS=shipped["TRUSTED_PROXY_IPS"],
        **extra,
    )


@contextlib.contextmanager
def nginx_in_front_of(door, gunicorn_port):
    with stack.nginx(
        door.run_dir,
        SERVER_NAME="127.0.0.1 localhost",
        LISTEN_IPV4="127.0.0.1",
        LISTEN_IPV6="[::1]",
        HTTP_PORT=str(door.http_port),
        HTTPS_PORT=str(door.https_port),
        GUNICORN_PORT=str(gunicorn_port),
        TLS_CERTIFICATE=str(door.certificate),
        TLS_CERTIFICATE_KEY=str(door.key),
        ACME_ROOT=str(door.acme_root),
    ):
        yield


@pytest.fixture(scope="module")
def door(tmp_path_factory, collected_static):
    run_dir = tmp_path_factory.mktemp("front-door")
    database = run_dir / "db.sqlite3"
    env = shipped_environment(
        f"sqlite:///{database}",
        APPOINTMENT_RATE_LIMIT="3/h",
        ADMIN_LOCKOUT_FAILURES=LOCKOUT_FAILURES,
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=9,
        DJANGO_SUPERUSER_PASSWORD=STAFF_PASSWORD,
    )
    manage(env, "migrate", "--noinput")
    manage(env, "createsuperuser", "--noinput", "--username", "manager", "--email", "m@clinic.test")
    door = FrontDoor(run_dir, database)
    gunicorn_port = free_port()
    values = {"APP_DIR": str(PROJECT_DIR), "GUNICORN_PORT": str(gunicorn_port)}
    (web_unit,) = render.render(["systemd/clinic-web.service"], run_dir, values)
    with (
        gunicorn(env, command=unit_command(web_unit), port=gunicorn_port) as (_port, door.gunicorn_log),
        nginx_in_front_of(door, gunicorn_port),
    ):
        yield door


@contextlib.contextmanager
def half_sent_requests(port, count, tls_context=None):
    """``count`` connections that each send part of a request and then wait, like a slow
    phone or an attacker: half stop inside the headers, half inside a form's body."""
    held = []
    try:
        for n in range(count):
            sock = socket.create_connection(("127.0.0.1", port), timeout=5)
            held.append(sock)
            if tls_context is not None:
                sock = tls_context.wrap_socket(sock, server_hostname="127.0.0.1")
                held[-1] = sock
            if n % 2:
                sock.sendall(b"GET /about/ HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow")
            else:
                # Origin and a CSRF cookie, as a browser sends them, so the app really waits
                # for the body rather than refusing the request at once.
                sock.sendall(
                    b"POST /request-appointment/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    b"X-Forwarded-Proto: https\r\nOrigin: https://127.0.0.1\r\n"
                    b"Cookie: csrftoken=" + b"a" * 32 + b"\r\n"
                    b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 4000\r\n\r\n"
                    b"first_name=Sl"
                )
        yield
    finally:
        for sock in held:
            sock.close()


def test_slow_clients_cannot_take_the_site_down_through_nginx(door):
    with half_sent_requests(door.https_port, SLOW_CLIENTS, door.tls_context()):
        response = ProxyClient(door, timeout=2).get("/about/")
    assert response.status == 200


def test_slow_clients_take_gunicorn_alone_down(sqlite_database):
    """What nginx is for: the same slow clients straight at gunicorn's sync workers."""
    url, _path = sqlite_database
    with gunicorn(production_env(url), workers=3) as (port, _log):
        with half_sent_requests(port, SLOW_CLIENTS), pytest.raises(TimeoutError):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            try:
                connection.request("GET", "/about/", headers={"X-Forwarded-Proto": "https"})
                connection.getresponse()
            finally:
                connection.close()
        # Once they hang up, the workers are free again.
        assert LiveClient(port).get("/about/").status == 200


def test_plain_http_is_sent_to_the_https_site_by_its_own_name(door):
    connection = http.client.HTTPConnection("127.0.0.1", door.http_port, timeout=10)
    try:
        connection.request("GET", "/about/?utm_source=flyer", headers={"Host": "attacker.example"})
        response = connection.getresponse()
    finally:
        connection.close()
    assert response.status == 301
    assert response.getheader("Location") == f"https://127.0.0.1:{door.https_port}/about/?utm_source=flyer"


def test_lets_encrypt_challenge_is_answered_over_plain_http(door):
    challenge = door.acme_root / ".well-known" / "acme-challenge"
    challenge.mkdir(parents=True, exist_ok=True)
    (challenge / "token-123").write_text("token-123.key-authorization")
    connection = http.client.HTTPConnection("127.0.0.1", door.http_port, timeout=10)
    try:
        connection.request("GET", "/.well-known/acme-challenge/token-123", headers={"Host": "127.0.0.1"})
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    assert response.status == 200
    assert body == b"token-123.key-authorization"


@pytest.mark.parametrize("path", ["/", "/request-appointment/", "/healthz"])
def test_security_headers_arrive_once_through_the_proxy(door, path):
    response = ProxyClient(door).get(path)
    assert response.status == 200
    for name in (
        "Strict-Transport-Security",
        "Content-Security-Policy",
        "X-Content-Type-Options",
        "X-Frame-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
    ):
        assert len(response.all_headers(name)) == 1, (name, response.all_headers(name))
    assert response.header("Strict-Transport-Security").startswith("max-age=31536000")
    assert response.header("Server") == "nginx"  # no version


def test_health_check_answers_through_the_proxy(door):
    response = ProxyClient(door).get("/healthz")
    assert response.status == 200
    assert response.body == b"ok\n"


def test_hashed_static_file_is_cached_for_good_and_sent_compressed(door):
    client = ProxyClient(door)
    home = client.get("/").body.decode()
    stylesheet = "/static/css/site." + home.split('href="/static/css/site.')[1].split('"')[0]
    response = client.request("GET", stylesheet, headers={"Accept-Encoding": "br, gzip"})
    assert response.status == 200
    assert "immutable" in response.header("Cache-Control")
    assert "max-age=31536000" in response.header("Cache-Control")
    assert response.header("Content-Encoding") == "br"


def test_appointment_request_is_stored_through_the_proxy(door):
    before = door.stored_requests()
    response = ProxyClient(door, source="127.0.0.10").submit_appointment_request(last_name="Proxied")
    assert response.status == 302
    assert response.header("Location") == "/request-appointment/thanks/"
    assert door.stored_requests() == before + 1


def gunicorn_saw(door, path):
    return any(f' {path}"'.encode() in line for line in door.gunicorn_log)


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed (Debian: curl)")
def test_a_browser_speaking_http2_can_send_the_form(door):
    """Over HTTP/2 the host arrives as :authority; the app must still see it for CSRF."""
    client = Http2Client(door, source="127.0.0.11")
    before = door.stored_requests()
    response = client.submit_appointment_request(last_name="Http2")
    assert response.status == 302, response.body[:500]
    assert client.connection_version == "HTTP/2"
    assert door.stored_requests() == before + 1


def test_a_body_larger_than_the_form_allows_is_refused_by_nginx(door):
    response = ProxyClient(door).request(
        "POST",
        "/request-appointment/too-large/",
        body=b"message=" + b"x" * (100 * 1024),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status == 413
    # gunicorn's log is read as it comes: a request sent after it shows the log has caught up.
    ProxyClient(door).get("/contact/")
    deadline = time.monotonic() + 10
    while not gunicorn_saw(door, "/contact/") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert gunicorn_saw(door, "/contact/")
    assert not gunicorn_saw(door, "/request-appointment/too-large/")


def forged_address_headers(n):
    """What a client might send to pass for someone else; nginx must overwrite or drop it all."""
    return {
        "X-Real-IP": f"203.0.113.{n}",
        "X-Forwarded-For": f"198.51.100.{n}",
        "X_Real_IP": f"192.0.2.{n}",
        "Forwarded": f"for=192.0.2.{n}",
    }


def test_rate_limit_counts_the_address_nginx_saw_not_a_forged_header(door):
    statuses = [
        ProxyClient(door, source="127.0.0.2", headers=forged_address_headers(n))
        .submit_appointment_request()
        .status
        for n in range(4)
    ]
    assert statuses == [302, 302, 302, 429]
    # Another client, same forged headers, is not held back by the first one's limit.
    other = ProxyClient(door, source="127.0.0.3", headers=forged_address_headers(1))
    assert other.submit_appointment_request().status == 302


def sign_in(door, source, password, n):
    client = ProxyClient(door, source=source, headers=forged_address_headers(n))
    page = client.get("/admin/login/").body.decode()
    return client.post_form(
        "/admin/login/?next=/admin/",
        page,
        {"username": "manager", "password": password, "next": "/admin/"},
    )


def test_sign_in_lockout_holds_the_address_nginx_saw_not_a_forged_header(door):
    failures = [sign_in(door, "127.0.0.4", "wrong-password", n).status for n in range(LOCKOUT_FAILURES)]
    assert failures[:-1] == [200] * (LOCKOUT_FAILURES - 1)
    # Locked from that address, whatever it claims to be, even with the right password...
    assert sign_in(door, "127.0.0.4", STAFF_PASSWORD, 99).status == 429
    # ...while the same account from another address is not locked.
    assert sign_in(door, "127.0.0.5", "wrong-password", 4).status == 200
