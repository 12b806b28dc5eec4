"""The benchmark behind `make bench`: throughput and latency of the site as deployed.

Starts gunicorn with production settings on loopback (a fresh SQLite database, static
files collected), warms it up, then drives each target with wrk at 16 connections for
a fixed time. A small static file served by whitenoise in the same run is the ceiling
each page is compared with. Prints a table and writes it under bench/results/.
"""

import argparse
import contextlib
import datetime
import os
import platform
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

from tools.servers import LiveClient, gunicorn, manage, production_env  # noqa: E402

CONNECTIONS = 16
# wrk sends no User-Agent of its own; the site counts only visitors that look like browsers.
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36"
PAGES = {
    "home": "/",
    "article": "/blog/failed-back-surgery-do-this-now/",
    "service page": "/services/nerve-blocks/",
    "form (GET)": "/request-appointment/",
}


def run_wrk(url, seconds, script=None):
    command = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    command += ["-H", f"User-Agent: {BROWSER}"]
    if script:
        command += ["-s", str(script)]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout  # noqa: S603
    return parse_wrk(output)


def _milliseconds(value):
    number, unit = re.match(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def parse_wrk(output):
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", output, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return {
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": _milliseconds(latency["50"]),
        "p99": _milliseconds(latency["99"]),
        "errors": (int(errors.group(1)) if errors else 0)
        + (sum(int(n) for n in socket_errors.groups()) if socket_errors else 0),
    }


def post_script(port, count, directory):
    """A wrk script sending ``count`` distinct, valid appointment requests in turn."""
    from django.core import signing

    from appointments.forms import FORM_TOKEN_SALT

    client = LiveClient(port)
    page = client.get("/request-appointment/").body.decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    cookie = f"csrftoken={client.cookies['csrftoken']}"
    started = time.time() - 60
    bodies = []
    for n in range(count):
        token = signing.dumps({"t": started, "n": f"bench-{n}"}, salt=FORM_TOKEN_SALT)
        bodies.append(
            urlencode(
                {
                    "csrfmiddlewaretoken": csrf,
                    "form_token": token,
                    "first_name": "Bench",
                    "last_name": f"Patient{n}",
                    "phone": "(301) 555-0100",
                    "email": "",
                    "preferred_contact": "phone",
                    "patient_type": "new",
                    "reason": "back_pain",
                    "preferred_time": "any",
                    "consent_to_contact": "on",
                }
            )
        )
    lua = directory / "post.lua"
    with lua.open("w") as script:
        script.write("local bodies = {\n")
        script.writelines(f'  "{body}",\n' for body in bodies)
        script.write("}\nlocal i = 0\n")
        script.write(
            "request = function()\n"
            "  i = i + 1\n"
            "  return wrk.format('POST', '/request-appointment/', "
            "{['Content-Type'] = 'application/x-www-form-urlencoded', "
            f"['Cookie'] = '{cookie}'}}, bodies[((i - 1) % #bodies) + 1])\n"
            "end\n"
        )
    return lua


def stored_requests(database):
    with sqlite3.connect(database) as connection:
        return connection.execute("SELECT COUNT(*) FROM appointments_appointmentrequest").fetchone()[0]


def machine_description():
    cpu = "unknown CPU"
    with contextlib.suppress(OSError, StopIteration):
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=10, help="how long wrk drives each target")
    arguments = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed (Debian: apt-get install wrk)")

    workdir = Path(tempfile.mkdtemp(prefix="clinic-bench-"))
    database = workdir / "db.sqlite3"
    env = production_env(
        f"sqlite:///{database}", DJANGO_HTTPS=0, EMAIL_HOST="", APPOINTMENT_ACKNOWLEDGE_PATIENT=0
    )
    env["APPOINTMENT_RATE_LIMIT"] = "1000000/h"
    os.environ.update(env)
    import django

    django.setup()
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")

    rows = []
    # wrk runs on the same machine and takes a core of its own: cores + 1 workers did
    # better here than gunicorn's usual 2 x cores + 1. WEB_CONCURRENCY overrides it.
    workers = int(os.environ.get("WEB_CONCURRENCY", os.cpu_count() + 1))
    with gunicorn(env, workers=workers) as (port, _log):
        base = f"http://127.0.0.1:{port}"
        home = urllib.request.urlopen(base + "/").read().decode()  # noqa: S310 - our own loopback server
        favicon = re.search(r'href="(/static/img/favicon\.[0-9a-f]+\.svg)"', home).group(1)
        targets = {**PAGES, "static file (ceiling)": favicon}
        for path in targets.values():  # warm up: caches, connections, imports
            for _ in range(20):
                urllib.request.urlopen(base + path).read()  # noqa: S310
        for name, path in targets.items():
            rows.append((name, run_wrk(base + path, arguments.seconds)))
        before = stored_requests(database)
        script = post_script(port, 60_000, workdir)
        result = run_wrk(base + "/request-appointment/", arguments.seconds, script)
        stored = stored_requests(database) - before
        result["stored_per_second"] = stored / arguments.seconds
        result["errors"] += result["requests"] - stored if result["requests"] > stored else 0
        rows.append(("form (valid POST)", result))

    # The cost of counting visits: the article on two servers, counting on and off,
    # measured in turn twice and the better run of each kept, so that a passing
    # hiccup of the machine does not decide the comparison.
    best = {}
    with (
        gunicorn(env, workers=workers) as (on_port, _on),
        gunicorn({**env, "ANALYTICS_ENABLED": "0"}, workers=workers) as (off_port, _off),
    ):
        for _round in range(2):
            for label, port in (("article, counting on", on_port), ("article, counting off", off_port)):
                url = f"http://127.0.0.1:{port}{PAGES['article']}"
                for _ in range(20):
                    urllib.request.urlopen(url).read()  # noqa: S310
                result = run_wrk(url, arguments.seconds)
                if label not in best or result["rps"] > best[label]["rps"]:
                    best[label] = result
    rows += list(best.items())

    ceiling = dict(rows)["static file (ceiling)"]["rps"]
    lines = [
        f"Benchmark {datetime.datetime.now():%Y-%m-%d %H:%M}, {machine_description()}",
        f"gunicorn {workers} workers, wrk 1 thread, "
        f"{CONNECTIONS} connections, {arguments.seconds} s per target, SQLite",
        "",
        "| target | requests/s | p50 ms | p99 ms | x static | errors |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, result in rows:
        lines.append(
            f"| {name} | {result['rps']:.0f} | {result['p50']:.2f} | {result['p99']:.2f} | "
            f"{result['rps'] / ceiling:.2f} | {result['errors']} |"
        )
    post = dict(rows)["form (valid POST)"]
    counting_on = dict(rows)["article, counting on"]["rps"]
    counting_off = dict(rows)["article, counting off"]["rps"]
    lines += [
        "",
        f"Stored requests per second (POST): {post['stored_per_second']:.0f}",
        f"Cost of counting visits on the article (best of two runs each): "
        f"{100 * (counting_off - counting_on) / counting_off:+.1f}% of throughput "
        "(a negative figure means the counting run was faster: noise)",
    ]
    report = "\n".join(lines)
    print(report)  # noqa: T201 - the benchmark's output
    results = PROJECT_DIR / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / f"{datetime.datetime.now():%Y%m%d-%H%M%S}.md").write_text(report + "\n")
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
