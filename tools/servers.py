"""Real servers on loopback for the live tests and the benchmarks: gunicorn, SMTP, Redis, a dead mail port."""

import contextlib
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from aiosmtpd.controller import Controller

from deploy.stack import free_port, stop

PROJECT_DIR = Path(__file__).resolve().parents[1]
BIN_DIR = Path(sys.executable).parent
SECRET_KEY = "live-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"


def production_env(database_url, **extra):
    """The environment of a production host, pointed at test-only resources."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", str(PROJECT_DIR)),
        "DJANGO_SETTINGS_MODULE": "clinic_site.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "1",
        "DJANGO_SECRET_KEY": SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": "https://127.0.0.1",
        "DATABASE_URL": database_url,
        "APPOINTMENT_RATE_LIMIT": "100000/h",
        "APPOINTMENT_MIN_FILL_SECONDS": "0",
        # Production will not start without a mail server: by default a closed loopback
        # port (mail fails fast and stays owed); tests that read mail pass their own.
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": "9",
        "EMAIL_USE_TLS": "0",
        "EMAIL_TIMEOUT": "2",
        "STAFF_NOTIFICATION_EMAILS": "frontdesk@clinic.test",
    }
    env.update({key: str(value) for key, value in extra.items()})
    return env


def run_python(*args, env, timeout=300, check=False):
    """Run this project's Python (``manage.py ...`` or ``-c CODE``) in a clean environment."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=PROJECT_DIR,
        env=env,
        check=check,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def manage(env, *args):
    return run_python("manage.py", *args, env=env, check=True)


@contextlib.contextmanager
def gunicorn(env, workers=3, command=None, port=None):
    """gunicorn as deployed, on a free loopback port; yields its base URL's port.

    ``command`` and ``port``: another command line that binds to ``port`` (a service unit's).
    """
    if command is None:
        port = free_port()
        command = [
            str(BIN_DIR / "gunicorn"),
            "--config",
            "clinic_site/gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
        ]
    process = subprocess.Popen(
        [*command, "--workers", str(workers)],
        cwd=PROJECT_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    output = []
    reader = threading.Thread(target=lambda: output.extend(process.stdout), daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if LiveClient(port).get("/healthz").status == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start:\n" + b"".join(output).decode(errors="replace"))
            time.sleep(0.1)
        yield port, output
    finally:
        stop(process, seconds=20)
        reader.join(timeout=5)


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def header(self, name):
        return next((value for key, value in self.headers if key.lower() == name.lower()), None)

    def all_headers(self, name):
        return [value for key, value in self.headers if key.lower() == name.lower()]


class LiveClient:
    """A browser-like client for a server behind a TLS proxy: it sends X-Forwarded-Proto
    and keeps cookies itself (Secure cookies included, since the proxy hop is plain)."""

    def __init__(self, port, headers=None):
        self.port = port
        self.cookies = {}
        self.headers = headers or {}

    def connection(self):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)

    def request(self, method, path, body=None, headers=None):
        all_headers = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-Proto": "https",
            "User-Agent": "live-test",
            **self.headers,
            **(headers or {}),
        }
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{key}={value}" for key, value in self.cookies.items())
        connection = self.connection()
        try:
            connection.request(method, path, body=body, headers=all_headers)
            raw = connection.getresponse()
            response = Response(raw.status, raw.getheaders(), raw.read())
        finally:
            connection.close()
        for value in response.all_headers("Set-Cookie"):
            for key, morsel in SimpleCookie(value).items():
                self.cookies[key] = morsel.value
        return response

    def get(self, path):
        return self.request("GET", path)

    def post_form(self, path, page, data):
        """POST a form found on ``page`` (its CSRF token included) as a browser would."""
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        return self.request(
            "POST",
            path,
            body=urlencode({"csrfmiddlewaretoken": csrf, **data}),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": f"https://127.0.0.1:{self.port}",
                "Referer": f"https://127.0.0.1:{self.port}{path}",
            },
        )

    def submit_appointment_request(self, **fields):
        """Open the form as a browser would, then send it. Returns the POST's response."""
        return self.send_appointment_request(*self.fill_in_appointment_request(**fields))

    def send_appointment_request(self, page, data):
        return self.post_form("/request-appointment/", page, data)

    def fill_in_appointment_request(self, **fields):
        """Open the form as a browser would and fill it in: (the page, what would be sent)."""
        page = self.get("/request-appointment/").body.decode()
        token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
        data = {
            "form_token": token,
            "first_name": "Load",
            "last_name": "Tester",
            "phone": "(301) 555-0100",
            "email": "load@example.com",
            "preferred_contact": "phone",
            "patient_type": "new",
            "reason": "back_pain",
            "preferred_time": "any",
            "consent_to_contact": "on",
            **fields,
        }
        return page, data


def send_at_once(clients):
    """Each client fills in the appointment form, then all send it at the same moment;
    returns the statuses of the answers."""
    forms = [client.fill_in_appointment_request() for client in clients]
    start = threading.Barrier(len(clients))

    def send(n):
        start.wait()
        return clients[n].send_appointment_request(*forms[n]).status

    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        return list(pool.map(send, range(len(clients))))


class CollectingHandler:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 Message accepted"


@contextlib.contextmanager
def smtp_server():
    """A real SMTP server on loopback that keeps what it receives."""
    handler = CollectingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller.port, handler.messages
    finally:
        controller.stop()


@contextlib.contextmanager
def hanging_up_mail_server():
    """A port that accepts connections and closes them at once, like a mail server falling over."""
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    listener.settimeout(0.2)
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except (TimeoutError, OSError):
                continue
            connection.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join(timeout=2)
        listener.close()


@contextlib.contextmanager
def redis_server():
    """Debian's redis-server on a free loopback port, in memory only; yields its URL."""
    executable = shutil.which("redis-server")
    if executable is None:
        raise RuntimeError("redis-server is not installed (Debian: apt-get install redis-server)")
    port = free_port()
    process = subprocess.Popen(
        [executable, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        stop(process)


def newcomers_environment():
    """This process's environment as a newcomer's shell has it: none of the settings a test
    run points elsewhere (a test database of the suite's own, above all)."""
    return {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "REDIS_URL")}


def fresh_checkout(destination):
    """The project as a fresh clone holds it once `make` has made its virtual environment:
    every file git tracks or would add, with its working-tree contents and times, the
    project's own ``.venv`` linked in (so nothing is installed again), and nothing else git
    ignores (no database, no collected static files, no local secret key)."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=PROJECT_DIR,
        capture_output=True,
        check=True,
    ).stdout.decode()
    destination = Path(destination)
    for name in filter(None, listed.split("\0")):
        source = PROJECT_DIR / name
        if source.is_file():
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / name)
    (destination / ".venv").symlink_to(PROJECT_DIR / ".venv")
    return destination


@contextlib.contextmanager
def make_target(checkout, target, *variables, ready, seconds=300):
    """``make TARGET`` running in ``checkout`` until its output has a line matching
    ``ready``. Yields (the match, every line so far); stops the target and all it started."""
    command = ["make", "--no-print-directory", target, *variables]
    process = subprocess.Popen(  # noqa: S603
        command,
        cwd=checkout,
        env=newcomers_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    lines = []
    reader = threading.Thread(target=lambda: lines.extend(process.stdout), daemon=True)
    reader.start()
    deadline = time.monotonic() + seconds
    try:
        while True:
            found = next(filter(None, (re.search(ready, line) for line in list(lines))), None)
            if found:
                yield found, lines
                return
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"make {target} did not get ready:\n" + "".join(lines))
            time.sleep(0.2)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        reader.join(timeout=5)
