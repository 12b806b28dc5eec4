"""`make try-production`: the production stack on this machine, for trying it.

Debian's nginx with the shipped site (TLS with a certificate made on the spot, buffering,
the client address set for the app) in front of gunicorn on a loopback port, with the
environment template's production settings. The local SQLite database is used, so a
staff account made with `manage.py createsuperuser` works here too. E-mails go to a mail
server of the trial's own on loopback, which keeps each one as a file in the run folder
and says where: none reaches anybody, and the production settings stay as strict as on the
server (they refuse to start without a mail server). Ctrl-C stops it all.
"""

import argparse
import os
import secrets
import signal
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from deploy import stack
from deploy.render import PROJECT_DIR


def production_environment(https_port, mail_port, database_url=""):
    env = stack.read_env_file()
    env.update(
        {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": os.environ.get("HOME", str(PROJECT_DIR)),
            # A fresh key each run: sessions from an earlier run simply end.
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SITE_URL": f"https://127.0.0.1:{https_port}",
            # The local database and no outside services: e-mails go to the trial's mail sink.
            "DATABASE_URL": database_url,
            "REDIS_URL": "",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(mail_port),
            "EMAIL_USE_TLS": "0",
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
        }
    )
    return env


def wait_until_healthy(port, certificate, seconds=60):
    context = ssl.create_default_context(cafile=str(certificate))
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(f"https://127.0.0.1:{port}/healthz", context=context, timeout=2) as r:  # noqa: S310
                if r.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError("The site did not answer through nginx; see the output above.")
        time.sleep(0.2)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--port", type=int, default=8443, help="HTTPS port (default 8443)")
    parser.add_argument("--http-port", type=int, help="plain HTTP port that redirects (default: a free one)")
    args = parser.parse_args(argv)
    http_port = args.http_port or stack.free_port()
    with (
        tempfile.TemporaryDirectory(prefix="clinic-try-") as run_dir,
        stack.mail_sink(
            Path(run_dir) / "mail", announce=lambda path: say(f"An e-mail was kept, not sent: {path}")
        ) as mail_port,
    ):
        serve(args, http_port, run_dir, production_environment(args.port, mail_port))


def say(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def serve(args, http_port, run_dir, env):
    python = sys.executable
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput", "--verbosity", "0"]):
        subprocess.run([python, "manage.py", *command], cwd=PROJECT_DIR, env=env, check=True)  # noqa: S603

    gunicorn_port = stack.free_port()
    certificate, key = stack.self_signed_certificate(run_dir)
    gunicorn = subprocess.Popen(  # noqa: S603
        [str(Path(python).parent / "gunicorn"), "--config", "clinic_site/gunicorn.conf.py"]
        + ["--bind", f"127.0.0.1:{gunicorn_port}"],
        cwd=PROJECT_DIR,
        env=env,
    )
    try:
        with stack.nginx(
            run_dir,
            SERVER_NAME="127.0.0.1 localhost",
            LISTEN_IPV4="127.0.0.1",
            LISTEN_IPV6="[::1]",
            HTTP_PORT=str(http_port),
            HTTPS_PORT=str(args.port),
            GUNICORN_PORT=str(gunicorn_port),
            TLS_CERTIFICATE=str(certificate),
            TLS_CERTIFICATE_KEY=str(key),
            ACME_ROOT=run_dir,
        ):
            wait_until_healthy(args.port, certificate)
            say(
                f"\nThe site runs as in production at https://127.0.0.1:{args.port}/\n"
                f"  nginx (TLS, self-signed certificate: the browser will warn) in front of gunicorn "
                f"on 127.0.0.1:{gunicorn_port}\n"
                f"  http://127.0.0.1:{http_port}/ redirects to it. nginx's logs: {run_dir}\n"
                f"  E-mails are kept, not sent, in {Path(run_dir) / 'mail' / 'new'} (one file each)\n"
                f"  The certificate: {certificate}\n"
                "  Ctrl-C stops it all (and removes the run folder).\n"
            )
            signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
            while gunicorn.poll() is None:
                time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        stack.stop(gunicorn, seconds=30)


if __name__ == "__main__":
    main()
