"""The production stack on one machine, without root-owned paths: Debian's nginx with the
shipped site in front of gunicorn. Used by `make try-production` and by the tests."""

import contextlib
import getpass
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

from deploy import render

ENV_TEMPLATE = render.DEPLOY_DIR / "clinic.env"


def read_env_file(path=ENV_TEMPLATE):
    """NAME=value lines as systemd's EnvironmentFile= reads them (comments and blanks skipped)."""
    values = {}
    for line in Path(path).read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _equals, value = line.partition("=")
            values[name.strip()] = value.strip()
    return values


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop(process, seconds=10):
    """Ask a child process to stop; kill it if it has not within ``seconds``."""
    process.terminate()
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def nginx_binary():
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None)
    if found is None:
        raise RuntimeError("nginx is not installed (Debian: apt-get install nginx, or make system-packages)")
    return found


def self_signed_certificate(directory, names=("127.0.0.1", "localhost")):
    """A throwaway certificate for ``names`` (IP addresses or host names); returns (cert, key)."""
    directory = Path(directory)
    certificate, key = directory / "self-signed.pem", directory / "self-signed.key"
    alt_names = ",".join(
        f"IP:{name}" if name.replace(".", "").isdigit() or ":" in name else f"DNS:{name}" for name in names
    )
    subprocess.run(  # noqa: S603 (fixed arguments)
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"]
        + ["-nodes", "-days", "30", "-subj", f"/CN={names[0]}", "-addext", f"subjectAltName={alt_names}"]
        + ["-keyout", str(key), "-out", str(certificate)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return certificate, key


def render_standalone(run_dir, **values):
    """Render the site and its stand-alone wrapper into ``run_dir``; returns the wrapper's path."""
    run_dir = Path(run_dir)
    # Running as root, nginx would hand its workers to "nobody", who cannot use run_dir.
    user = "user root;" if os.geteuid() == 0 else f"# runs as {getpass.getuser()}"
    values = {"RUN_DIR": str(run_dir), "USER_DIRECTIVE": user, **values}
    render.render([render.SITE, render.STANDALONE], run_dir, values)
    return run_dir / render.STANDALONE


def wait_for_port(port, process, log_path, seconds=15):
    deadline = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                log = Path(log_path).read_text() if Path(log_path).exists() else ""
                raise RuntimeError(f"nginx did not start:\n{log}") from None
            time.sleep(0.05)


@contextlib.contextmanager
def nginx(run_dir, **values):
    """nginx in the foreground with the shipped site rendered with ``values``; always stopped."""
    config = render_standalone(run_dir, **values)
    error_log = Path(run_dir) / "error.log"
    command = [nginx_binary(), "-p", str(run_dir), "-e", str(error_log), "-c", str(config)]
    check = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=30)  # noqa: S603
    if check.returncode != 0:
        raise RuntimeError(f"nginx rejected the configuration:\n{check.stderr}")
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
    try:
        wait_for_port(int(values["HTTPS_PORT"]), process, error_log)
        yield process
    finally:
        stop(process)


@contextlib.contextmanager
def mail_sink(directory, announce=print):
    """An SMTP server on loopback that keeps every message it is given, never sending one
    on: each is a file in ``directory``, a Maildir (one file per message under ``new/``).
    Yields its port; ``announce`` is told the path of each message as it arrives."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Mailbox

    class AnnouncedMailbox(Mailbox):
        def handle_message(self, message):
            key = self.mailbox.add(message)
            announce(Path(directory) / "new" / key)

    controller = Controller(AnnouncedMailbox(directory), hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller.port
    finally:
        controller.stop()
