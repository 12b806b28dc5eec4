"""A throwaway PostgreSQL cluster on loopback, for tests and for `make test-postgres`.

Run as a script it starts a cluster, runs the given command with DATABASE_URL pointing
at it, and always stops and removes the cluster, whatever the command's outcome:

    python -m tests.postgres pytest -q

PostgreSQL refuses to run as root, so when started by root the server runs as the
`postgres` user (Debian's packages create it).
"""

import contextlib
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from deploy.stack import free_port

BIN_CANDIDATES = ("/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/17/bin")


def _binary(name):
    found = shutil.which(name)
    if found:
        return found
    for directory in BIN_CANDIDATES:
        candidate = Path(directory) / name
        if candidate.exists():
            return str(candidate)
    raise RuntimeError(f"PostgreSQL's {name} is not installed (Debian: apt-get install postgresql-15)")


def _as_server_user(command):
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


@contextlib.contextmanager
def postgres_cluster():
    """Yields a DATABASE_URL for a new cluster; stops and deletes it afterwards."""
    directory = Path(tempfile.mkdtemp(prefix="clinic-pg-"))
    data = directory / "data"
    port = free_port()
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(directory, user.pw_uid, user.pw_gid)
    started = False
    try:
        subprocess.run(
            _as_server_user(
                [_binary("initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "--no-sync"]
            ),
            check=True,
            capture_output=True,
        )
        options = (
            f"-c listen_addresses=127.0.0.1 -p {port} -k {directory} -c fsync=off -c max_connections=200"
        )
        subprocess.run(
            _as_server_user(
                [
                    _binary("pg_ctl"),
                    "-D",
                    str(data),
                    "-w",
                    "-l",
                    str(directory / "log"),
                    "-o",
                    options,
                    "start",
                ]
            ),
            check=True,
            capture_output=True,
        )
        started = True
        yield f"postgres://postgres@127.0.0.1:{port}/postgres"
    finally:
        if started:
            subprocess.run(
                _as_server_user([_binary("pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]),
                capture_output=True,
            )
        shutil.rmtree(directory, ignore_errors=True)


def main(command):
    # Stop the cluster on Ctrl-C or a CI timeout too: turn SIGTERM into an exception.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    with postgres_cluster() as database_url:
        sys.stderr.write(f"PostgreSQL cluster ready at {database_url}\n")
        return subprocess.run(command, env={**os.environ, "DATABASE_URL": database_url}).returncode


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: python -m tests.postgres COMMAND [ARGS...]")
    sys.exit(main(sys.argv[1:]))
