"""`make lighthouse`: Lighthouse's four scores for the home page, the article and the form,
or for the pages named: `make lighthouse PAGES="/insurance/ /faq/"`.

Serves the site as deployed (gunicorn, production settings, static files collected) on
loopback and runs Lighthouse in mobile mode against Debian's Chromium, offline.
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

from tools.servers import gunicorn, manage, production_env  # noqa: E402

LIGHTHOUSE = PROJECT_DIR / "node_modules" / ".bin" / "lighthouse"
PAGES = {
    "home": "/",
    "article": "/blog/failed-back-surgery-do-this-now/",
    "form": "/request-appointment/",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def scores(url, report_path):
    subprocess.run(  # noqa: S603 - our own tool on our own loopback server
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--form-factor=mobile",
            f"--only-categories={','.join(CATEGORIES)}",
            "--output=json",
            f"--output-path={report_path}",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking "
            "--disable-component-update --disable-sync --no-first-run",
        ],
        check=True,
        env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
        timeout=180,
    )
    report = json.loads(Path(report_path).read_text())
    failing = [
        audit["title"]
        for audit in report["audits"].values()
        if audit.get("score") is not None and audit["score"] < 1 and audit.get("scoreDisplayMode") == "binary"
    ]
    return {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}, failing


def main(paths=()):
    pages = {path.strip("/").replace("/", "-") or "home": path for path in paths} or PAGES
    workdir = Path(tempfile.mkdtemp(prefix="clinic-lighthouse-"))
    # Plain HTTP on loopback, as a browser on this machine would reach it.
    env = production_env(f"sqlite:///{workdir / 'db.sqlite3'}", DJANGO_HTTPS=0, EMAIL_HOST="")
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    lines = ["| page | " + " | ".join(CATEGORIES) + " |", "|---|" + "---:|" * len(CATEGORIES)]
    notes = []
    with gunicorn(env, workers=2) as (port, _log):
        for name, path in pages.items():
            result, failing = scores(f"http://127.0.0.1:{port}{path}", workdir / f"{name}.json")
            lines.append(f"| {name} | " + " | ".join(str(result[c]) for c in CATEGORIES) + " |")
            notes += [f"{name}: {title}" for title in failing]
    print("\n".join(lines))  # noqa: T201 - the tool's output
    if notes:
        print("\nAudits not passed:\n" + "\n".join(notes))  # noqa: T201


if __name__ == "__main__":
    main(sys.argv[1:])
