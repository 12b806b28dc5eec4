"""The README's commands that serve the site, run as a newcomer runs them: in a fresh
checkout (nothing ignored by git is there but the virtual environment: no database, no
collected files, no secret key)."""

import email
import re
import ssl
import time
import urllib.request
from pathlib import Path

import pytest

from deploy import stack
from tools.servers import LiveClient, fresh_checkout, make_target

pytestmark = pytest.mark.live


def fetch(url, context=None):
    with urllib.request.urlopen(url, context=context, timeout=30) as response:  # noqa: S310
        return response.status, response.read().decode()


def test_make_run_serves_the_site_from_a_fresh_checkout(tmp_path):
    port = stack.free_port()
    checkout = fresh_checkout(tmp_path / "checkout")
    with make_target(checkout, "run", f"PORT={port}", ready=r"Listening at: http://127\.0\.0\.1:\d+"):
        assert fetch(f"http://127.0.0.1:{port}/healthz") == (200, "ok\n")
        status, home = fetch(f"http://127.0.0.1:{port}/")
        assert status == 200
        assert "Pain Management Associates LLC" in home
        # Links and the sitemap follow the port, as the README says.
        assert f'<link rel="canonical" href="http://127.0.0.1:{port}/">' in home
    assert (checkout / "db.sqlite3").exists()


class TrialClient(LiveClient):
    """A browser reaching the trial over HTTPS through its nginx."""

    def __init__(self, port, certificate):
        super().__init__(port)
        self.context = ssl.create_default_context(cafile=str(certificate))

    def connection(self):
        import http.client

        return http.client.HTTPSConnection("127.0.0.1", self.port, timeout=60, context=self.context)


def kept_messages(mail_dir, count, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        files = sorted(Path(mail_dir).glob("*"))
        if len(files) >= count:
            return [email.message_from_bytes(path.read_bytes()) for path in files]
        time.sleep(0.2)
    raise AssertionError(
        f"{count} e-mails expected in {mail_dir}, found {len(list(Path(mail_dir).glob('*')))}"
    )


def test_make_try_production_answers_through_nginx_and_keeps_its_emails(tmp_path):
    port, http_port = stack.free_port(), stack.free_port()
    checkout = fresh_checkout(tmp_path / "checkout")
    with make_target(
        checkout, "try-production", f"PORT={port}", f"HTTP_PORT={http_port}", ready=r"Ctrl-C stops it all"
    ) as (_ready, lines):
        output = "".join(lines)
        certificate = re.search(r"The certificate: (\S+)", output)[1]
        mail_dir = re.search(r"E-mails are kept, not sent, in (\S+)", output)[1]
        tls = ssl.create_default_context(cafile=certificate)
        assert fetch(f"https://127.0.0.1:{port}/healthz", tls) == (200, "ok\n")

        browser = TrialClient(port, certificate)
        page = browser.get("/request-appointment/").body.decode()
        token = re.search(r'name="form_token" value="([^"]+)"', page)[1]
        time.sleep(3.5)  # production settings: a form sent faster than 3 s is taken for a bot
        sent = browser.post_form(
            "/request-appointment/",
            page,
            {
                "form_token": token,
                "first_name": "Trial",
                "last_name": "Patient",
                "phone": "(301) 555-0100",
                "email": "trial.patient@example.com",
                "preferred_contact": "phone",
                "patient_type": "new",
                "reason": "back_pain",
                "preferred_time": "any",
                "consent_to_contact": "on",
            },
        )
        assert sent.status == 302, sent.body[:500]
        # The staff notification and the patient's acknowledgement, kept in the trial's folder.
        messages = kept_messages(mail_dir, 2)
        assert sorted(message["To"] for message in messages) == [
            "frontdesk@example.com",
            "trial.patient@example.com",
        ]
        assert "An e-mail was kept, not sent" in "".join(lines)
        assert "Trial" not in "".join(lines), "the console shows no e-mail's contents"
